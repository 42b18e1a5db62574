import { InputError } from '@backstage/errors';
import { assertAddress, assertDnsLabel, assertKind, assertOnlyKeys, objectAt, optionalString, requiredString } from './params';

/*
 * Pure readers of `mesh.upgrade` and `mesh.rollback` requests. Each refusal
 * names the field and what was expected.
 */

/** A namespace of one cluster of the mesh. */
export interface ClusterNamespace {
  cluster: string;
  namespace: string;
}

/** A Deployment of one cluster of the mesh. */
export interface ClusterWorkload extends ClusterNamespace {
  name: string;
}

/** How workloads are restarted after the move. */
export interface RestartChoice {
  /** Deployments restarted at once (each batch waited for before the next). */
  batchSize: number;
  /** Only these; absent: every Deployment injected through a moved tag or namespace whose pods are not on the target revision. */
  workloads?: ClusterWorkload[];
}

/** What both kinds move from one revision to another. */
export interface RevisionMove {
  meshId: string;
  /** Tags to move; absent: every tag pointing at the revision moved away from. */
  tags?: string[];
  /** Namespaces whose `istio.io/rev` label is set to the target revision. */
  namespaces: ClusterNamespace[];
  restart: RestartChoice;
  /** Move tags even from an istiod version affected by istio/istio#59959 (a warning then, not a refusal). */
  acceptEmptyPushRisk: boolean;
}

/** The parameters of `mesh.upgrade`, as stored with the operation. */
export interface MeshUpgradeParams extends RevisionMove {
  kind: 'mesh.upgrade';
  /** The Istio (chart) version of the new revision. */
  version: string;
  /** The new istiod revision (a DNS label). */
  revision: string;
  /** Uninstall the old revision once every restarted workload reports the new one (the confirming second run). */
  removeOld: boolean;
  /**
   * Hosted meshes: where members reach the new revision's istiod (IP or DNS
   * name), when the control plane exposes it itself; otherwise Meshfleet
   * creates a LoadBalancer Service `istiod-meshfleet-<revision>`.
   */
  controlPlaneAddress?: string;
}

/** The parameters of `mesh.rollback`, as stored with the operation. */
export interface MeshRollbackParams extends RevisionMove {
  kind: 'mesh.rollback';
  /** The canary revision rolled back from; the target is the mesh's recorded revision. */
  fromRevision: string;
  /** Uninstall `fromRevision` once every restarted workload reports the mesh's revision again. */
  removeNew: boolean;
}

/** Restart batches: at least 1, at most this many Deployments at once. */
const MAX_BATCH = 100;

function optionalBoolean(object: Record<string, unknown>, key: string): boolean {
  const value = object[key];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InputError(`${key}: expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

function listAt(object: Record<string, unknown>, key: string, path = key): unknown[] | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InputError(`${path}: expected a list`);
  return value;
}

function refusedTwice<T>(items: T[], keyOf: (item: T) => string, field: string): void {
  const keys = items.map(keyOf);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated) throw new InputError(`${field}: '${repeated}' is listed twice`);
}

function parseTags(object: Record<string, unknown>): string[] | undefined {
  const list = listAt(object, 'tags');
  if (!list) return undefined;
  const tags = list.map((item, i) => {
    if (typeof item !== 'string') throw new InputError(`tags[${i}]: expected a revision tag name, got ${JSON.stringify(item)}`);
    return assertDnsLabel(item, `tags[${i}]`, 'revision tag');
  });
  refusedTwice(tags, t => t, 'tags');
  return tags;
}

function parseNamespace(item: unknown, path: string): ClusterNamespace {
  const object = objectAt(item, path);
  assertOnlyKeys(object, ['cluster', 'namespace'], path);
  return {
    cluster: requiredString(object, 'cluster', path),
    namespace: assertDnsLabel(requiredString(object, 'namespace', path), `${path}.namespace`, 'namespace'),
  };
}

function parseNamespaces(object: Record<string, unknown>): ClusterNamespace[] {
  const namespaces = (listAt(object, 'namespaces') ?? []).map((item, i) => parseNamespace(item, `namespaces[${i}]`));
  refusedTwice(namespaces, n => `${n.cluster}/${n.namespace}`, 'namespaces');
  return namespaces;
}

function parseWorkload(item: unknown, path: string): ClusterWorkload {
  const object = objectAt(item, path);
  assertOnlyKeys(object, ['cluster', 'namespace', 'name'], path);
  return {
    ...parseNamespace({ cluster: object.cluster, namespace: object.namespace }, path),
    name: assertDnsLabel(requiredString(object, 'name', path), `${path}.name`, 'Deployment name'),
  };
}

function parseRestart(object: Record<string, unknown>): RestartChoice {
  if (object.restart === undefined) return { batchSize: 1 };
  const restart = objectAt(object.restart, 'restart');
  assertOnlyKeys(restart, ['batchSize', 'workloads'], 'restart');
  const batchSize = restart.batchSize ?? 1;
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new InputError(`restart.batchSize: expected an integer from 1 to ${MAX_BATCH}, got ${JSON.stringify(batchSize)}`);
  }
  const list = listAt(restart, 'workloads', 'restart.workloads');
  if (list && list.length === 0) {
    throw new InputError('restart.workloads: expected a non-empty list (leave it out to restart every affected Deployment)');
  }
  const workloads = list?.map((item, i) => parseWorkload(item, `restart.workloads[${i}]`));
  if (workloads) refusedTwice(workloads, w => `${w.cluster}/${w.namespace}/${w.name}`, 'restart.workloads');
  return { batchSize, ...(workloads ? { workloads } : {}) };
}

function parseMove(object: Record<string, unknown>): RevisionMove {
  const tags = parseTags(object);
  return {
    meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id'),
    ...(tags ? { tags } : {}),
    namespaces: parseNamespaces(object),
    restart: parseRestart(object),
    acceptEmptyPushRisk: optionalBoolean(object, 'acceptEmptyPushRisk'),
  };
}

const MOVE_KEYS = ['kind', 'meshId', 'tags', 'namespaces', 'restart', 'acceptEmptyPushRisk'];

/** Reads a `mesh.upgrade` request body. Pure. */
export function parseMeshUpgradeParams(body: unknown): MeshUpgradeParams {
  const object = objectAt(body, '');
  assertKind(object, 'mesh.upgrade');
  assertOnlyKeys(object, [...MOVE_KEYS, 'version', 'revision', 'removeOld', 'controlPlaneAddress'], '');
  const version = requiredString(object, 'version', '');
  if (!/^[0-9A-Za-z][-+.0-9A-Za-z]*$/.test(version)) {
    throw new InputError(`version: '${version}' is not a chart version; expected e.g. 1.31.0`);
  }
  const address = optionalString(object, 'controlPlaneAddress', '');
  return {
    kind: 'mesh.upgrade',
    ...parseMove(object),
    version,
    revision: assertDnsLabel(requiredString(object, 'revision', ''), 'revision', 'istiod revision'),
    removeOld: optionalBoolean(object, 'removeOld'),
    ...(address ? { controlPlaneAddress: assertAddress(address, 'controlPlaneAddress') } : {}),
  };
}

/** Reads a `mesh.rollback` request body. Pure. */
export function parseMeshRollbackParams(body: unknown): MeshRollbackParams {
  const object = objectAt(body, '');
  assertKind(object, 'mesh.rollback');
  assertOnlyKeys(object, [...MOVE_KEYS, 'fromRevision', 'removeNew'], '');
  return {
    kind: 'mesh.rollback',
    ...parseMove(object),
    fromRevision: assertDnsLabel(requiredString(object, 'fromRevision', ''), 'fromRevision', 'istiod revision'),
    removeNew: optionalBoolean(object, 'removeNew'),
  };
}
