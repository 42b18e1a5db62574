import type { MeshPolicyMessage, MeshView } from '@meshfleet/plugin-mesh-common';
import type { ClusterConnector } from '../../lifecycle/clusters/ClusterConnector';
import { checkObjects, StaticCheck } from './checkObjects';
import { ClusterSchemaSource } from './schemaSource';
import { MeshStateLoader, TrafficSource } from './stateLoader';

/*
 * Layers 1 and 2 against a live mesh: the config cluster's CRD schemas and
 * the state of every cluster of the mesh, both cached briefly, then the pure
 * checks. PolicyService adds layer 3 (the dry run) for the objects that pass.
 */

/** Options of the validator. */
export interface PolicyValidatorOptions {
  /** The mesh's recent traffic, for MSH0002; without it that check is skipped (an info message says so). */
  traffic?: TrafficSource;
  now?: () => number;
  /** How long the clusters' Services, Pods and Namespaces are reused between validations (default 10 s; 0: read each time). */
  clusterStateTtlMs?: number;
}

/** Validates policy batches against a mesh's clusters. */
export class PolicyValidator {
  private readonly schemas: ClusterSchemaSource;
  private readonly states: MeshStateLoader;

  constructor(clusters: ClusterConnector, options: PolicyValidatorOptions = {}) {
    this.schemas = new ClusterSchemaSource(clusters, options.now);
    this.states = new MeshStateLoader(clusters, options.traffic, options.now, options.clusterStateTtlMs);
  }

  /** Layers 1 and 2 for the batch (objects may be incomplete: what they lack is a message). */
  async check(mesh: MeshView, configCluster: string, objects: readonly unknown[]): Promise<StaticCheck> {
    // Only MSH0002 (PeerAuthentication) reads the mesh's traffic.
    const traffic = objects.some(o => (o as { kind?: unknown } | null)?.kind === 'PeerAuthentication');
    const [schemas, state] = await Promise.all([this.schemas.schemasOf(configCluster), this.states.stateOf(mesh, configCluster, { traffic })]);
    return checkObjects(objects, schemas, state);
  }
}

/** Whether any message stops a write. */
export function hasErrors(messages: MeshPolicyMessage[]): boolean {
  return messages.some(m => m.level === 'error');
}

/**
 * The error text of a refused write: how many objects were refused, and
 * each finding as `objects[i] Kind ns/name field: message`.
 */
export function summarize(messages: MeshPolicyMessage[], configCluster: string): string {
  const errors = messages.filter(m => m.level === 'error');
  const objects = new Set(errors.map(m => m.objectIndex ?? `${m.kind}/${m.namespace}/${m.name}`)).size;
  const counted = objects === 1 ? '1 policy was refused' : `${objects} policies were refused`;
  const findings = errors.map(m => `${m.objectIndex !== undefined ? `objects[${m.objectIndex}] ` : ''}${m.kind} ${m.namespace}/${m.name}${m.field ? ` ${m.field}` : ''}: ${m.message}`);
  return `${counted} by validation (schema, analysis against the mesh's clusters, ${configCluster}'s dry run); nothing was applied. ${findings.join('; ')}`;
}
