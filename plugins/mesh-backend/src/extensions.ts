import {
  MeshClusterSupplier,
  MeshClusterSupplierExtensionPoint,
  MeshInstallerExtensionPoint,
  MeshInstallerStrategy,
} from '@meshfleet/plugin-mesh-node';

/**
 * Collects what backend modules contribute through the mesh extension points,
 * enforcing their contracts (one installer, unique supplier names).
 */
export class MeshExtensions implements MeshInstallerExtensionPoint, MeshClusterSupplierExtensionPoint {
  private installer: MeshInstallerStrategy | undefined;
  private readonly suppliers = new Map<string, MeshClusterSupplier>();

  setInstaller(installer: MeshInstallerStrategy): void {
    if (this.installer) {
      throw new Error(
        `A mesh installer strategy is already set ('${this.installer.name}'); cannot also set '${installer.name}'`,
      );
    }
    this.installer = installer;
  }

  addClusterSupplier(supplier: MeshClusterSupplier): void {
    if (this.suppliers.has(supplier.name)) {
      throw new Error(`A mesh cluster supplier named '${supplier.name}' is already registered`);
    }
    this.suppliers.set(supplier.name, supplier);
  }

  getInstaller(): MeshInstallerStrategy | undefined {
    return this.installer;
  }

  getClusterSuppliers(): MeshClusterSupplier[] {
    return [...this.suppliers.values()];
  }
}
