import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { RouteFunc, SubRouteRef, useRouteRef } from '@backstage/core-plugin-api';
import { clustersRouteRef, meshesRouteRef, meshRouteRef, meshTopologyRouteRef } from '../../routes';

/** Links between the plugin's pages; each is undefined when the page is not mounted in the app. */
export interface MeshLinks {
  mesh(meshId: string): string | undefined;
  meshTopology(meshId: string): string | undefined;
  meshes(): string | undefined;
  clusters(): string | undefined;
}

// The same refs, typed for core-plugin-api (conversion marks them as usable by both systems).
const meshRef = convertLegacyRouteRef(meshRouteRef);
const meshesRef = convertLegacyRouteRef(meshesRouteRef);
const clustersRef = convertLegacyRouteRef(clustersRouteRef);
const meshTopologyRef = convertLegacyRouteRef(meshTopologyRouteRef);

// core-plugin-api's useRouteRef resolves in both frontend systems (the new one
// through the route resolution API, legacy apps through their routing context).
// It throws when the app does not mount the plugin's page, e.g. an entity card
// used without the page: then the card shows names without links.
function useOptionalRoute(ref: SubRouteRef<any>): RouteFunc<any> | undefined {
  try {
    return useRouteRef(ref);
  } catch {
    return undefined;
  }
}

/** Resolves the links to the plugin's pages. */
export function useMeshLinks(): MeshLinks {
  const mesh = useOptionalRoute(meshRef);
  const meshes = useOptionalRoute(meshesRef);
  const clusters = useOptionalRoute(clustersRef);
  const meshTopology = useOptionalRoute(meshTopologyRef);
  return {
    mesh: meshId => mesh?.({ meshId }),
    meshTopology: meshId => meshTopology?.({ meshId }),
    meshes: () => meshes?.(),
    clusters: () => clusters?.(),
  };
}
