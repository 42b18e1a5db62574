import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { MeshClient, meshApiRef } from '@meshfleet/plugin-mesh-react';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { rootRouteRef } from './routes';

const meshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MeshClient({ discoveryApi, fetchApi }),
    }),
});

const meshesPage = PageBlueprint.make({
  params: {
    path: '/mesh',
    // The sidebar label; the page header shows the plugin title.
    title: 'Meshes',
    icon: <DeviceHubIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/MeshesPage').then(m => <m.MeshesPage />),
  },
});

/**
 * Meshfleet's frontend plugin for Backstage's new frontend system: the
 * Service Meshes page (in the sidebar) and the mesh API.
 *
 * @public
 */
export const meshPlugin = createFrontendPlugin({
  pluginId: 'mesh',
  title: 'Service Meshes',
  icon: <DeviceHubIcon />,
  extensions: [meshApi, meshesPage],
  routes: { root: rootRouteRef },
});
