import { InputError, NotFoundError } from '@backstage/errors';
import type { KubernetesObject } from '@kubernetes/client-node';
import type {
  MeshPolicy,
  MeshPolicyApplyResponse,
  MeshPolicyListResponse,
  MeshPolicyValidateResponse,
  MeshView,
} from '@meshfleet/plugin-mesh-common';
import { isDeepStrictEqual } from 'node:util';
import type { ClusterClient } from '../lifecycle/clusters/ClusterClient';
import type { ClusterConnector } from '../lifecycle/clusters/ClusterConnector';
import { ClusterRequestError } from '../lifecycle/clusters/ClusterRequestError';
import { refOf } from '../lifecycle/clusters/objectRefs';
import { PolicyConflictError, PolicyValidationError } from './errors';
import { contentOf, policyDiff } from './history/policyDiff';
import { POLICY_KINDS, PolicyKind } from './policyKinds';
import { describePolicy, PolicyObject, toMeshPolicy } from './policyObjects';
import type { AddressedObject } from './validation/checkObjects';
import { dryRunRefusal } from './validation/dryRunMessages';
import { hasErrors, PolicyValidator, PolicyValidatorOptions, summarize } from './validation/PolicyValidator';

/*
 * A mesh's policies, read from and written to its config cluster only: the
 * control-plane cluster, whose istiod reads configuration from no other
 * cluster (members of a hosted mesh run Istio's remote profile, with
 * configCluster unset). Every write is validated first, in three layers
 * (validation/): the CRD's schema, an analysis in the spirit of istioctl
 * analyze against every cluster of the mesh, and a server-side dry run in
 * the config cluster (the CRD's CEL rules and istiod's validating webhook),
 * for the whole batch: nothing is applied unless every object passes.
 */

type Stored = KubernetesObject & { spec?: unknown };

/** What apply answers; the route adds the impact, which needs the mesh model and topology. */
export type PolicyApplyOutcome = Omit<MeshPolicyApplyResponse, 'impact'>;

/** What an apply does per object, decided against the object before it. */
function actionOf(before: Stored | undefined, after: Stored): 'created' | 'updated' | 'unchanged' {
  if (!before) return 'created';
  const same =
    isDeepStrictEqual(before.spec, after.spec) &&
    isDeepStrictEqual(before.metadata?.labels ?? {}, after.metadata?.labels ?? {}) &&
    isDeepStrictEqual(before.metadata?.annotations ?? {}, after.metadata?.annotations ?? {});
  return same ? 'unchanged' : 'updated';
}

/**
 * Why the config cluster refused an object, for a message that already names
 * the object and the cluster: the API server's or istiod's own words.
 */
function refusalOf(error: unknown): string {
  return error instanceof ClusterRequestError ? error.reason : (error as Error).message;
}

/** `Kind/namespace/name`, the file name a policy's diff shows. */
function describeRef(policy: MeshPolicy): string {
  return `${policy.kind}/${policy.metadata.namespace}/${policy.metadata.name}`;
}

/** The object in another namespace (for a dry run where its own does not exist yet). */
function inNamespace<T extends KubernetesObject>(object: T, namespace: string): T {
  return { ...object, metadata: { ...object.metadata, namespace } };
}

/** Namespaces of the batch that the config cluster does not have. */
async function missingNamespaces(client: ClusterClient, objects: PolicyObject[]): Promise<Set<string>> {
  const namespaces = [...new Set(objects.map(o => o.metadata.namespace))];
  const present = await Promise.all(namespaces.map(name => client.get({ apiVersion: 'v1', kind: 'Namespace', name })));
  return new Set(namespaces.filter((_, i) => !present[i]));
}

/** Creates the namespaces (labelled as Meshfleet's; one created meanwhile is fine). */
async function createNamespaces(client: ClusterClient, names: Set<string>): Promise<void> {
  for (const name of names) {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'meshfleet' } } });
  }
}

/** An addressed object as the dry run sends it: names, labels, annotations and spec, no resourceVersion (conflicts are apply's). */
function forDryRun(object: AddressedObject): PolicyObject {
  const { name, namespace, labels, annotations } = object.metadata;
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) }, spec: object.spec };
}

export class PolicyService {
  private readonly validator: PolicyValidator;

  constructor(
    private readonly clusters: ClusterConnector,
    validation: PolicyValidatorOptions = {},
  ) {
    this.validator = new PolicyValidator(clusters, validation);
  }

  /** The cluster a mesh's policies live in: its control-plane cluster (istiod's own, for an external mesh too). */
  configClusterOf(mesh: MeshView): string {
    return mesh.controlPlaneCluster;
  }

  /**
   * Every policy of the mesh, and those found in its other clusters (they
   * have no effect). A cluster that cannot be read is named; the rest stands.
   */
  async list(mesh: MeshView): Promise<MeshPolicyListResponse> {
    const configCluster = this.configClusterOf(mesh);
    const others = mesh.clusters.map(c => c.cluster).filter(c => c !== configCluster);
    const unreadable: MeshPolicyListResponse['unreadable'] = [];
    const read = async (cluster: string) => {
      try {
        return await this.readCluster(cluster);
      } catch (error) {
        unreadable.push({ cluster, error: (error as Error).message });
        return [];
      }
    };
    const [policies, ...ignored] = await Promise.all([configCluster, ...others].map(read));
    return { meshId: mesh.id, configCluster, policies, ignored: ignored.flat(), unreadable };
  }

  /** One policy of the mesh, or NotFoundError naming it. */
  async get(mesh: MeshView, kind: PolicyKind, namespace: string, name: string): Promise<MeshPolicy> {
    const cluster = this.configClusterOf(mesh);
    const object = await (await this.clusters.forCluster(cluster)).get<Stored>({ apiVersion: kind.apiVersion, kind: kind.kind, namespace, name });
    if (!object) throw new NotFoundError(`${kind.kind} ${namespace}/${name} is not in mesh '${mesh.id}' (config cluster ${cluster})`);
    return toMeshPolicy(object, cluster);
  }

  /**
   * Validates the batch with a server-side dry run of every object, then,
   * unless `dryRun`, applies it (server-side apply, field manager
   * `meshfleet`). Nothing is applied when any object fails: the error names
   * each failing object with the API server's or istiod's reason. An object
   * sent with a `resourceVersion` that is no longer current is a conflict.
   */
  async apply(mesh: MeshView, objects: PolicyObject[], options: { dryRun: boolean }): Promise<PolicyApplyOutcome> {
    const configCluster = this.configClusterOf(mesh);
    // Schema and analysis first: an error there is a 400 with every finding (the dry
    // run's too, for the objects that passed them), and nothing is applied.
    const { messages, passed } = await this.validator.check(mesh, configCluster, objects);
    if (hasErrors(messages)) {
      const all = [...messages, ...(await this.dryRunMessages(configCluster, passed))];
      throw new PolicyValidationError(summarize(all, configCluster), all);
    }
    const client = await this.clusters.forCluster(configCluster);
    const before = await Promise.all(objects.map(o => client.get<Stored>(refOf(o))));
    objects.forEach((o, i) => this.assertCurrent(o, before[i], configCluster));
    const missing = await missingNamespaces(client, objects);
    const warnings = [...missing].map(
      ns => `namespace ${ns} does not exist in ${configCluster}; ${options.dryRun ? 'applying creates it' : 'it was created'} (istiod reads the mesh's policies from ${configCluster} only)`,
    );
    // The API server refuses objects in a namespace it lacks, and validation must not
    // create it: such objects are checked in `default`, where schema and webhook judge
    // them alike. The namespace is created only once the whole batch passed.
    const checkable = objects.map(o => (missing.has(o.metadata.namespace) ? inNamespace(o, 'default') : o));
    const validated = await this.dryRunAll(client, checkable, objects);
    if (options.dryRun) {
      const results = validated.map((after, i) => this.result(before[i], inNamespace(after, objects[i].metadata.namespace), configCluster));
      return { dryRun: true, configCluster, results, warnings, messages };
    }
    await createNamespaces(client, missing);
    const applied = await this.applyAll(client, objects, before);
    return { dryRun: false, configCluster, results: applied.map((after, i) => this.result(before[i], after, configCluster)), warnings, messages };
  }

  /**
   * Every check an apply runs (schema, analysis, the config cluster's dry
   * run), changing nothing; objects may be incomplete.
   */
  async validate(mesh: MeshView, objects: unknown[]): Promise<MeshPolicyValidateResponse> {
    const configCluster = this.configClusterOf(mesh);
    const checked = await this.validator.check(mesh, configCluster, objects);
    // The dry run only for objects that passed schema and analysis: the others are already refused.
    const messages = [...checked.messages, ...(await this.dryRunMessages(configCluster, checked.passed))];
    return { valid: !hasErrors(messages), messages };
  }

  /** Layer 3 for validate: the config cluster's dry run of each object, its refusals as messages. */
  private async dryRunMessages(configCluster: string, objects: AddressedObject[]): Promise<MeshPolicyValidateResponse['messages']> {
    if (objects.length === 0) return [];
    const client = await this.clusters.forCluster(configCluster);
    const sent = objects.map(forDryRun);
    const missing = await missingNamespaces(client, sent);
    const outcomes = await Promise.allSettled(
      sent.map(o => client.apply<Stored>(missing.has(o.metadata.namespace) ? inNamespace(o, 'default') : o, { dryRun: true })),
    );
    return outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? dryRunRefusal(objects[i], objects[i].index, configCluster, outcome.reason) : []));
  }

  /**
   * Deletes one policy and answers it as it was; a `resourceVersion` that is
   * no longer current is a conflict. Absent is NotFoundError.
   */
  async delete(mesh: MeshView, kind: PolicyKind, namespace: string, name: string, resourceVersion?: string): Promise<MeshPolicy> {
    const current = await this.get(mesh, kind, namespace, name);
    if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
      throw new PolicyConflictError(
        `${kind.kind} ${namespace}/${name} changed since it was read (resourceVersion ${resourceVersion}, now ${current.metadata.resourceVersion}); nothing was deleted`,
        current,
      );
    }
    const client = await this.clusters.forCluster(current.cluster);
    await client.delete({ apiVersion: kind.apiVersion, kind: kind.kind, namespace, name });
    return current;
  }

  private async readCluster(cluster: string): Promise<MeshPolicy[]> {
    const client = await this.clusters.forCluster(cluster);
    const lists = await Promise.all(
      POLICY_KINDS.map(async kind => {
        try {
          return await client.list<Stored>(kind.apiVersion, kind.kind);
        } catch (error) {
          // A cluster without Istio's CRDs holds no policies of that kind.
          if ((error as ClusterRequestError).status === 404) return [];
          throw error;
        }
      }),
    );
    return lists.flat().map(o => toMeshPolicy(o, cluster));
  }

  private assertCurrent(object: PolicyObject, before: Stored | undefined, cluster: string): void {
    const wanted = object.metadata.resourceVersion;
    if (!wanted) return;
    const now = before?.metadata?.resourceVersion;
    if (now === wanted) return;
    throw new PolicyConflictError(
      before
        ? `${describePolicy(object)} changed since it was read (resourceVersion ${wanted}, now ${now}); nothing was applied`
        : `${describePolicy(object)} was deleted since it was read (resourceVersion ${wanted}); nothing was applied`,
      before ? toMeshPolicy(before, cluster) : undefined,
    );
  }

  /** Every object through the dry run; one PolicyValidationError naming all that fail (as requested: `named`), with a message each. */
  private async dryRunAll(client: ClusterClient, objects: PolicyObject[], named: PolicyObject[]): Promise<Stored[]> {
    const outcomes = await Promise.allSettled(objects.map(o => client.apply<Stored>(o, { dryRun: true })));
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') await this.throwIfStale(client, named[i], outcome.reason, 'nothing was applied');
    }
    const failures = outcomes.flatMap((outcome, i) =>
      outcome.status === 'rejected' ? [`objects[${i}] ${describePolicy(named[i])}: ${refusalOf(outcome.reason)}`] : [],
    );
    if (failures.length > 0) {
      const counted = failures.length === 1 ? '1 policy was refused' : `${failures.length} policies were refused`;
      const messages = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? dryRunRefusal(named[i], i, client.cluster, outcome.reason) : []));
      throw new PolicyValidationError(`${counted} by ${client.cluster}'s validation (schema and istiod's webhook); nothing was applied. ${failures.join('; ')}`, messages);
    }
    return outcomes.map(o => (o as PromiseFulfilledResult<Stored>).value);
  }

  /**
   * Applies in order. Should a later object fail after its dry run passed (a
   * change in between), the ones applied are put back as they were (deleted
   * when created), so the batch stays all or nothing.
   */
  private async applyAll(client: ClusterClient, objects: PolicyObject[], before: (Stored | undefined)[]): Promise<Stored[]> {
    const applied: Stored[] = [];
    for (const [i, object] of objects.entries()) {
      try {
        applied.push(await client.apply<Stored>(object));
      } catch (error) {
        const undone = await this.undo(client, objects.slice(0, i), before);
        await this.throwIfStale(client, object, error, undone);
        throw new InputError(
          `objects[${i}] ${describePolicy(object)} was refused by ${client.cluster} while applying: ${refusalOf(error)}. ${undone}`,
        );
      }
    }
    return applied;
  }

  /**
   * A write the API server refused as a conflict (409) for an object sent
   * with a `resourceVersion` lost a race with another write since its check:
   * the same 409, with the object as it is now, as a stale check gives.
   */
  private async throwIfStale(client: ClusterClient, object: PolicyObject, error: unknown, outcome: string): Promise<void> {
    if (!object.metadata.resourceVersion || (error as ClusterRequestError).status !== 409) return;
    const now = await client.get<Stored>(refOf(object));
    throw new PolicyConflictError(
      `${describePolicy(object)} changed since it was read (resourceVersion ${object.metadata.resourceVersion}, now ${now?.metadata?.resourceVersion ?? 'deleted'}); ${outcome}`,
      now ? toMeshPolicy(now, client.cluster) : undefined,
    );
  }

  private async undo(client: ClusterClient, done: PolicyObject[], before: (Stored | undefined)[]): Promise<string> {
    const problems: string[] = [];
    for (const [i, object] of done.entries()) {
      const previous = before[i];
      try {
        if (!previous) {
          await client.delete(refOf(object));
        } else {
          const { apiVersion, kind, metadata, spec } = previous;
          await client.apply({
            apiVersion,
            kind,
            metadata: { name: metadata!.name, namespace: metadata!.namespace, labels: metadata!.labels, annotations: metadata!.annotations },
            spec,
          });
        }
      } catch (error) {
        problems.push(`${describePolicy(object)}: ${refusalOf(error)}`);
      }
    }
    if (done.length === 0) return 'Nothing was applied.';
    return problems.length
      ? `The ${done.length} applied before it were put back, except: ${problems.join('; ')}`
      : `The ${done.length} applied before it were put back as they were.`;
  }

  private result(before: Stored | undefined, after: Stored, cluster: string) {
    const policy = toMeshPolicy(after, cluster);
    const diff = policyDiff(describeRef(policy), contentOf(before), contentOf(after));
    return { action: actionOf(before, after), policy, diff };
  }
}
