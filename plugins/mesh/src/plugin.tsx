import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { MeshClient } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { isMeshComponent } from './components/componentServices/filters';
import { isClusterEntity, isMeshEntity } from './components/EntityCards/filters';
import { createFromTemplateRouteRef } from './components/MeshTemplates/routes';
import { SERVICE_MESH_TAB_PATH } from './components/ServiceMeshCard/EntityServiceMeshCard';
import { clustersRouteRef, meshesRouteRef, meshRouteRef, meshTopologyRouteRef, rootRouteRef } from './routes';

const meshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MeshClient({ discoveryApi, fetchApi }),
    }),
});

/** `/mesh`: the plugin's page; its tabs are the sub-pages below (it redirects to the first). */
const meshPage = PageBlueprint.make({
  params: {
    path: '/mesh',
    // The sidebar label and the page header; the tabs are the sub-pages below.
    title: 'Meshes',
    icon: <DeviceHubIcon />,
    routeRef: rootRouteRef,
  },
});

/** `/mesh/meshes` (the list) and `/mesh/meshes/:meshId` (one mesh). */
const meshesSubPage = SubPageBlueprint.make({
  name: 'meshes',
  params: {
    path: 'meshes',
    title: 'Meshes',
    loader: () => import('./components/MeshesRouter').then(m => <m.MeshesRouter />),
  },
});

/** `/mesh/clusters`. */
const clustersSubPage = SubPageBlueprint.make({
  name: 'clusters',
  params: {
    path: 'clusters',
    title: 'Clusters',
    loader: () => import('./components/ClustersPage').then(m => <m.ClustersPage />),
  },
});

/** On `Resource` entities of type `service-mesh`. */
const meshEntityCard = EntityCardBlueprint.make({
  name: 'mesh-summary',
  params: {
    filter: isMeshEntity,
    loader: () => import('./components/EntityCards').then(m => <m.EntityMeshCard />),
  },
});

/** On `Resource` entities of type `kubernetes-cluster`. */
const clusterEntityCard = EntityCardBlueprint.make({
  name: 'cluster-mesh',
  params: {
    filter: isClusterEntity,
    loader: () => import('./components/EntityCards').then(m => <m.EntityClusterMeshCard />),
  },
});

/** The Service Mesh tab on Components in a mesh: topology, health, charts, sidecars. */
const serviceMeshEntityContent = EntityContentBlueprint.make({
  name: 'service-mesh',
  params: {
    path: SERVICE_MESH_TAB_PATH,
    title: 'Service Mesh',
    filter: isMeshComponent,
    loader: () => import('./components/ServiceMeshTab').then(m => <m.EntityServiceMeshContent />),
  },
});

/** The Grafana tab on the same Components: Istio's dashboards, embedded and drawn. */
const grafanaEntityContent = EntityContentBlueprint.make({
  name: 'grafana',
  params: {
    path: 'grafana',
    title: 'Grafana',
    filter: isMeshComponent,
    loader: () => import('./components/GrafanaTab').then(m => <m.EntityGrafanaContent />),
  },
});

/** On the overview of Components in a mesh: mesh, health, inbound rates. */
const serviceMeshEntityCard = EntityCardBlueprint.make({
  name: 'service-mesh-status',
  params: {
    filter: isMeshComponent,
    loader: () => import('./components/ServiceMeshCard').then(m => <m.EntityServiceMeshCard />),
  },
});

/** The scaffolder form field `MeshFreeClusterPicker`: clusters reachable and in no mesh. */
const freeClusterPickerField = FormFieldBlueprint.make({
  name: 'free-cluster-picker',
  params: {
    field: () => import('./components/MeshFreeClusterPicker/field').then(m => m.meshFreeClusterPickerField),
  },
});

/**
 * Meshfleet's frontend plugin for Backstage's new frontend system: the mesh
 * API, the page `/mesh` (in the sidebar as "Meshes") with the tabs Meshes
 * (`/mesh/meshes`, one mesh at `/mesh/meshes/:meshId`) and Clusters
 * (`/mesh/clusters`), the mesh topology page (`/mesh/meshes/:meshId/topology`),
 * entity cards for mesh and cluster Resources, on Components in a mesh the
 * Service Mesh and Grafana tabs and a status card, and the scaffolder form
 * field `MeshFreeClusterPicker`. The external route `createFromTemplate`
 * (bound to the scaffolder's template page by default) links the mesh pages
 * to Meshfleet's templates.
 *
 * @public
 */
export const meshPlugin = createFrontendPlugin({
  pluginId: 'mesh',
  title: 'Service Meshes',
  icon: <DeviceHubIcon />,
  extensions: [
    meshApi,
    meshPage,
    meshesSubPage,
    clustersSubPage,
    meshEntityCard,
    clusterEntityCard,
    serviceMeshEntityContent,
    grafanaEntityContent,
    serviceMeshEntityCard,
    freeClusterPickerField,
  ],
  routes: {
    root: rootRouteRef,
    meshes: meshesRouteRef,
    mesh: meshRouteRef,
    meshTopology: meshTopologyRouteRef,
    clusters: clustersRouteRef,
  },
  externalRoutes: { createFromTemplate: createFromTemplateRouteRef },
});
