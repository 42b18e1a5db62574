import {
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  VersionApi,
} from '@kubernetes/client-node';
import { withTimeout } from '../../discovery/live/interruptibleSleep';
import { ClusterRequestError } from './ClusterRequestError';
import { describeRef, ObjectRef, refOf } from './objectRefs';

/** The field manager of every write Meshfleet makes (server-side apply). */
export const FIELD_MANAGER = 'meshfleet';

/** One call to an API server may take this long before it counts as failed. */
const CALL_TIMEOUT_MS = 30_000;

/** How a deleted object's dependents go (Kubernetes' `propagationPolicy`). */
export type DeletePropagation = 'Foreground' | 'Background' | 'Orphan';

/** Which pod port and path to GET through the API server's pod proxy. */
export interface PodProxyRequest {
  namespace: string;
  pod: string;
  port: number;
  /** Without a leading slash, e.g. `debug/registryz`. */
  path: string;
}

/**
 * Writes and reads of one cluster, as Meshfleet's mesh operations make them.
 * Every error names the cluster, the verb and the object, never a credential.
 */
export interface ClusterClient {
  readonly cluster: string;
  /**
   * Server-side apply with field manager `meshfleet`, forcing conflicts (Meshfleet
   * owns what it applies). `dryRun` asks the API server what the object would
   * become, changing nothing.
   */
  apply<T extends KubernetesObject>(object: T, options?: { dryRun?: boolean }): Promise<T>;
  /** Creates the object unless one of that name exists; never changes an existing one. */
  create<T extends KubernetesObject>(object: T): Promise<'created' | 'exists'>;
  /**
   * Replaces the object with exactly this one (an update as field manager
   * `meshfleet`, fields others added included); with `metadata.resourceVersion`,
   * a change since is a 409.
   */
  replace<T extends KubernetesObject>(object: T): Promise<T>;
  /**
   * A JSON merge patch (RFC 7386) as field manager `meshfleet`: a `null`
   * removes a field whoever owns it, which server-side apply cannot do for a
   * field another manager owns. `dryRun` changes nothing.
   */
  mergePatch<T extends KubernetesObject>(ref: ObjectRef, patch: object, options?: { dryRun?: boolean }): Promise<T>;
  /** The object, or undefined when there is none. */
  get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | undefined>;
  list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<T[]>;
  /** Deletes the object; `absent` when there was none. */
  delete(ref: ObjectRef, options?: { propagation?: DeletePropagation }): Promise<'deleted' | 'absent'>;
  /** GET through the API server's pod proxy; a JSON answer is returned parsed. */
  proxyGet(request: PodProxyRequest): Promise<unknown>;
  /** The API server's version (`gitVersion`): a cheap reachability check. */
  version(): Promise<string>;
}

/** A {@link ClusterClient} on @kubernetes/client-node. */
export class KubernetesClusterClient implements ClusterClient {
  private readonly objects: KubernetesObjectApi;

  constructor(
    readonly cluster: string,
    private readonly kubeConfig: KubeConfig,
  ) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  async apply<T extends KubernetesObject>(object: T, options?: { dryRun?: boolean }): Promise<T> {
    const verb = options?.dryRun ? 'apply (dry run)' : 'apply';
    return this.call(verb, describeRef(refOf(object)), () =>
      this.objects.patch(
        object,
        undefined,
        options?.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
    );
  }

  async create<T extends KubernetesObject>(object: T): Promise<'created' | 'exists'> {
    try {
      await this.call('create', describeRef(refOf(object)), () =>
        this.objects.create(object, undefined, undefined, FIELD_MANAGER),
      );
      return 'created';
    } catch (error) {
      if ((error as ClusterRequestError).status === 409) return 'exists';
      throw error;
    }
  }

  async replace<T extends KubernetesObject>(object: T): Promise<T> {
    return this.call('replace', describeRef(refOf(object)), () => this.objects.replace(object, undefined, undefined, FIELD_MANAGER));
  }

  async mergePatch<T extends KubernetesObject>(ref: ObjectRef, patch: object, options?: { dryRun?: boolean }): Promise<T> {
    const body = { ...patch, apiVersion: ref.apiVersion, kind: ref.kind };
    const metadata = { ...(patch as { metadata?: object }).metadata, name: ref.name, namespace: ref.namespace };
    return this.call(options?.dryRun ? 'merge patch (dry run)' : 'merge patch', describeRef(ref), () =>
      this.objects.patch(
        { ...body, metadata } as KubernetesObject,
        undefined,
        options?.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        undefined,
        PatchStrategy.MergePatch,
      ) as Promise<T>,
    );
  }

  async get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.call('get', describeRef(ref), () =>
        this.objects.read<T>({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        } as any),
      );
    } catch (error) {
      if ((error as ClusterRequestError).status === 404) return undefined;
      throw error;
    }
  }

  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<T[]> {
    const where = options?.namespace ? ` in namespace ${options.namespace}` : '';
    const selector = options?.labelSelector ? ` (${options.labelSelector})` : '';
    const result = await this.call('list', `${kind}${where}${selector}`, () =>
      this.objects.list<T>(
        apiVersion,
        kind,
        options?.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        options?.labelSelector,
      ),
    );
    return result.items;
  }

  async delete(ref: ObjectRef, options?: { propagation?: DeletePropagation }): Promise<'deleted' | 'absent'> {
    try {
      await this.call('delete', describeRef(ref), () =>
        this.objects.delete(
          { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } },
          undefined,
          undefined,
          undefined,
          undefined,
          options?.propagation ?? 'Background',
        ),
      );
      return 'deleted';
    } catch (error) {
      if ((error as ClusterRequestError).status === 404) return 'absent';
      throw error;
    }
  }

  async proxyGet(request: PodProxyRequest): Promise<unknown> {
    const core = this.kubeConfig.makeApiClient(CoreV1Api);
    return this.call(
      'GET through the pod proxy',
      `Pod ${request.namespace}/${request.pod}:${request.port}/${request.path}`,
      () =>
        core.connectGetNamespacedPodProxyWithPath({
          name: `${request.pod}:${request.port}`,
          namespace: request.namespace,
          path: request.path,
        }),
    );
  }

  async version(): Promise<string> {
    const info = await this.call('read', '/version', () => this.kubeConfig.makeApiClient(VersionApi).getCode());
    return info.gitVersion;
  }

  /** Runs one API call with a timeout; failures become {@link ClusterRequestError}s. */
  private async call<T>(verb: string, object: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(fn(), CALL_TIMEOUT_MS, `timed out after ${CALL_TIMEOUT_MS / 1000} s`);
    } catch (error) {
      throw new ClusterRequestError(this.cluster, verb, object, error);
    }
  }
}
