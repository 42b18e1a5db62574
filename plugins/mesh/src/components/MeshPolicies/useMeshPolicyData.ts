import { useApi } from '@backstage/frontend-plugin-api';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * The Policies tab's three reads, each on its own so that one failing (say,
 * drift while the config cluster is down) leaves the others shown. `reload`
 * reads all three again, after a write or on Refresh.
 */
export function useMeshPolicyData(meshId: string) {
  const meshApi = useApi(meshApiRef);
  const list = useAsyncRetry(() => meshApi.listMeshPolicies(meshId), [meshApi, meshId]);
  const changes = useAsyncRetry(async () => (await meshApi.listMeshPolicyChanges(meshId)).changes, [meshApi, meshId]);
  const drift = useAsyncRetry(async () => (await meshApi.listMeshPolicyDrift(meshId)).items, [meshApi, meshId]);
  const reload = () => {
    list.retry();
    changes.retry();
    drift.retry();
  };
  return { list, changes, drift, reload };
}
