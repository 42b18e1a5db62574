import type { AuthService, DatabaseService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ClusterConnector } from '../lifecycle/clusters/ClusterConnector';
import type { ObservabilityService } from '../observability';
import { catalogNamespaceOwners } from '../permissions/policyWriteResource';
import { PolicyDrift } from './drift/PolicyDrift';
import { PolicyHistory } from './history/PolicyHistory';
import { impactSource } from './impact/impactSource';
import type { PolicyRoutesOptions } from './routes';
import type { PolicyService } from './PolicyService';

/**
 * The governance parts of the policies API: the history (in the Backstage
 * database), drift with adopt and revert, the impact preview and the owner
 * rule's namespace owners (from the catalog).
 */
export async function createPolicyGovernance(options: {
  database: DatabaseService;
  clusters: ClusterConnector;
  policies: PolicyService;
  catalog: { service: CatalogService; auth: AuthService };
  observability?: ObservabilityService;
}): Promise<Pick<PolicyRoutesOptions, 'history' | 'drift' | 'namespaceOwners' | 'impactOf'>> {
  const history = await PolicyHistory.create({ database: options.database });
  return {
    history,
    drift: new PolicyDrift(options.clusters, options.policies, history),
    namespaceOwners: catalogNamespaceOwners(options.catalog),
    impactOf: impactSource(options.observability),
  };
}
