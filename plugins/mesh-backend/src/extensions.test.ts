import { MeshExtensions } from './extensions';

describe('MeshExtensions', () => {
  const supplier = (name: string) => ({ name, getClusters: async () => [] });

  it('keeps cluster suppliers in registration order', () => {
    const extensions = new MeshExtensions();
    extensions.addClusterSupplier(supplier('inventory'));
    extensions.addClusterSupplier(supplier('cmdb'));
    expect(extensions.getClusterSuppliers().map(s => s.name)).toEqual(['inventory', 'cmdb']);
  });

  it('refuses two suppliers with one name, naming it', () => {
    const extensions = new MeshExtensions();
    extensions.addClusterSupplier(supplier('inventory'));
    expect(() => extensions.addClusterSupplier(supplier('inventory'))).toThrow(
      "A mesh cluster supplier named 'inventory' is already registered",
    );
  });

  it('has no installer until a module sets one', () => {
    expect(new MeshExtensions().getInstaller()).toBeUndefined();
  });
});
