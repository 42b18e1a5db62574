import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  catalog?: {
    providers?: {
      /** Meshfleet's catalog module: meshes and clusters as catalog entities. */
      meshfleet?: {
        /**
         * Entity ref of the owner of every mesh and cluster entity.
         * Default `group:default/platform-team`.
         */
        owner?: string;
        /**
         * How often the full set of entities is replaced. Model-change events
         * from the mesh backend apply deltas in between. Default: every 30 s,
         * timeout 3 min.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * How long an unreachable cluster's entity stays in the catalog with its
         * last known state (counted from the cluster's `unreachableSince`).
         * ISO 8601 duration, `1h`-style string or duration object. Default 1 hour.
         */
        unreachableGracePeriod?: HumanDuration | string;
        /**
         * Value of `kubernetes.io/auth-provider` on every cluster entity (e.g.
         * `oidc`, `google`, `aks`). The mesh model does not carry a cluster's
         * auth provider yet; when this is absent the annotation is omitted.
         */
        clusterAuthProvider?: string;
      };
    };
  };
}
