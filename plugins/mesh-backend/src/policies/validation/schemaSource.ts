import type { ClusterConnector } from '../../lifecycle/clusters/ClusterConnector';
import { POLICY_KINDS } from '../policyKinds';
import { CustomResourceDefinition, PolicySchemas } from './schema/crdSchemas';

/*
 * The schemas of the policy kinds as the config cluster serves them: its
 * CustomResourceDefinitions, read by name (`virtualservices.networking.istio.io`)
 * at most once a minute per cluster; each CRD is compiled once per
 * resourceVersion (PolicySchemas keeps the compiled validators).
 */

const SCHEMA_TTL_MS = 60_000;

/** `VirtualService` in `networking.istio.io` → `virtualservices.networking.istio.io`. */
function crdNameOf(apiVersion: string, kind: string): string {
  const group = apiVersion.split('/')[0];
  const lower = kind.toLowerCase();
  // A consonant before the y: policy → policies, telemetry → telemetries; a vowel: gateway → gateways.
  const plural = /[^aeiou]y$/.test(lower) ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  return `${plural}.${group}`;
}

/** The CRD names of the kinds Meshfleet manages. */
export const POLICY_CRDS = [...new Set(POLICY_KINDS.map(k => crdNameOf(k.apiVersion, k.kind)))];

/** Reads and caches the config clusters' policy schemas. */
export class ClusterSchemaSource {
  private readonly cache = new Map<string, { at: number; schemas: Promise<PolicySchemas> }>();

  constructor(
    private readonly clusters: ClusterConnector,
    private readonly now: () => number = Date.now,
  ) {}

  schemasOf(cluster: string): Promise<PolicySchemas> {
    const cached = this.cache.get(cluster);
    if (cached && this.now() - cached.at < SCHEMA_TTL_MS) return cached.schemas;
    const schemas = this.read(cluster);
    this.cache.set(cluster, { at: this.now(), schemas });
    schemas.catch(() => this.cache.delete(cluster));
    return schemas;
  }

  private async read(cluster: string): Promise<PolicySchemas> {
    const client = await this.clusters.forCluster(cluster);
    const crds = await Promise.all(
      POLICY_CRDS.map(name => client.get<CustomResourceDefinition & { apiVersion: string; kind: string }>({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name })),
    );
    return PolicySchemas.fromCrds(crds.filter((c): c is NonNullable<typeof c> => !!c));
  }
}
