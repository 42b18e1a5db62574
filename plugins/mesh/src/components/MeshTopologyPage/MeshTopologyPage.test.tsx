import { renderInTestApp } from '@backstage/frontend-test-utils';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { shopMeshDetail } from '../../__fixtures__/fleet';
import { prometheusUnavailable, recorded, recordedMeshApi } from '../../__fixtures__/observability';
import { rootRouteRef } from '../../routes';
import { ControlPlaneHealthCard } from '../ControlPlaneCard';
import { installReactFlowJsdomStubs } from '../ServiceMeshTab/reactFlowJsdom';
import { MeshTopologyPage } from './MeshTopologyPage';

installReactFlowJsdomStubs();

const mountedRoutes = { '/mesh': rootRouteRef };
const demoMesh = { ...shopMeshDetail, id: 'demo', title: 'demo' };

describe('mesh topology page (recorded answers of the real backend)', () => {
  it('draws the mesh grouped by namespace and filters it by protocol', async () => {
    const topologyQueries: unknown[] = [];
    const api = recordedMeshApi({
      getMesh: async () => demoMesh,
      getTopology: async (_id, query) => {
        topologyQueries.push(query);
        return recorded.meshTopology;
      },
    });
    await renderInTestApp(<MeshTopologyPage meshId="demo" />, { apis: [[meshApiRef, api]], mountedRoutes });
    const graph = await screen.findByTestId('topology-graph');
    expect(await within(graph).findByText('namespace payments')).toBeInTheDocument();
    expect(await within(graph).findByText('ledger')).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByLabelText('Protocol filter'));
    fireEvent.click(await screen.findByRole('option', { name: 'grpc' }));
    expect(await screen.findByText(/Filters hide \d+ of \d+ nodes/)).toBeInTheDocument();
    expect(within(screen.getByTestId('topology-graph')).queryByText('ledger')).not.toBeInTheDocument();
    expect(topologyQueries).toHaveLength(1);
  });

  it('says why the graph is missing when Prometheus is unreachable', async () => {
    const api = recordedMeshApi({
      getMesh: async () => demoMesh,
      getTopology: async () => {
        throw prometheusUnavailable('unreachable');
      },
    });
    await renderInTestApp(<MeshTopologyPage meshId="demo" />, { apis: [[meshApiRef, api]], mountedRoutes });
    expect(await screen.findByText(/No topology: the mesh’s Prometheus is unreachable/)).toBeInTheDocument();
    expect(screen.getByLabelText('Namespace filter')).toBeInTheDocument();
  });
});

describe('control-plane health card (recorded)', () => {
  it('shows each istiod revision with its figures and health', async () => {
    await renderInTestApp(<ControlPlaneHealthCard meshId="demo" />, { apis: [[meshApiRef, recordedMeshApi()]], mountedRoutes });
    for (const revision of recorded.controlPlaneHealth.revisions) {
      const row = (await screen.findByText(revision.revision)).closest('tr')!;
      expect(within(row).getByText(revision.health.reason)).toBeInTheDocument();
      // Figures the fleet's istiod reported; a missing one reads as a dash.
      const cells = within(row).getAllByRole('cell').map(cell => cell.textContent);
      expect(cells[2]).toBe(String(revision.figures.instances ?? '—'));
      expect(cells[3]).toBe(String(revision.figures.connectedProxies ?? '—'));
    }
  });
});
