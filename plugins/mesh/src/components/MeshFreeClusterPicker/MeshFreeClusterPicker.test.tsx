import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ClusterView, MeshApi } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshFreeClusterPicker } from './MeshFreeClusterPicker';
import { validateFreeCluster } from './validation';

const cluster = (name: string, more: Partial<ClusterView> = {}): ClusterView => ({
  name,
  url: `https://${name}.example.com`,
  source: 'config',
  reachability: 'reachable',
  istioRole: 'none',
  revisions: [],
  warnings: [],
  kubernetesVersion: 'v1.36.3',
  ...more,
});

const clusters = [
  cluster('member-10'),
  cluster('east', { meshId: 'demo', istioRole: 'remote' }),
  cluster('member-09'),
  cluster('far', { reachability: 'unreachable', error: 'connect ECONNREFUSED' }),
];
const api = { listClusters: async () => clusters } as unknown as MeshApi;

function props(onChange = jest.fn(), formData?: string) {
  return {
    onChange,
    formData,
    required: true,
    rawErrors: [],
    schema: { title: 'Control-plane cluster', description: 'Runs istiod' },
    uiSchema: {},
    idSchema: { $id: 'root_controlPlaneCluster' },
  } as any;
}

describe('MeshFreeClusterPicker', () => {
  it('offers only the clusters that are reachable and in no mesh, and gives the picked name', async () => {
    const onChange = jest.fn();
    await renderInTestApp(<MeshFreeClusterPicker {...props(onChange)} />, { apis: [[meshApiRef, api]] });
    await userEvent.click(await screen.findByRole('button', { name: /Control-plane cluster/ }));
    const options = within(await screen.findByRole('listbox')).getAllByRole('option').map(o => o.textContent);
    expect(options).toEqual(['member-09 (config, v1.36.3)', 'member-10 (config, v1.36.3)']);
    await userEvent.click(screen.getByRole('option', { name: 'member-10 (config, v1.36.3)' }));
    expect(onChange).toHaveBeenCalledWith('member-10');
  });

  it('says when no cluster is free', async () => {
    const none = { listClusters: async () => [clusters[1]] } as unknown as MeshApi;
    await renderInTestApp(<MeshFreeClusterPicker {...props()} />, { apis: [[meshApiRef, none]] });
    expect(await screen.findByText(/No cluster is reachable and in no mesh/)).toBeInTheDocument();
  });

  it('refuses on submit a cluster that is in a mesh, unreachable or unknown, naming why', async () => {
    const context = { apiHolder: { get: () => api }, formData: {}, schema: {} } as any;
    const errors = async (value: string) => {
      const addError = jest.fn();
      await validateFreeCluster(value, { addError } as any, context);
      return addError.mock.calls.map(c => c[0]);
    };
    expect(await errors('member-09')).toEqual([]);
    expect(await errors('east')).toEqual(["Cluster 'east' is already in mesh 'demo'"]);
    expect(await errors('far')).toEqual(["Cluster 'far' is unreachable: connect ECONNREFUSED"]);
    expect(await errors('nowhere')).toEqual(["Meshfleet reads no cluster named 'nowhere'"]);
  });
});
