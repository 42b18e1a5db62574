import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { matchHosts } from './hosts';
import type { BuildContext, PolicyObject } from './types';

/*
 * Starting points for builders: the service's own VirtualService or
 * DestinationRule when the mesh has one (merged into, with its
 * resourceVersion), else a new object named after the service.
 */

export const NETWORKING = 'networking.istio.io/v1';
export const SECURITY = 'security.istio.io/v1';

/** A deep copy, so a builder never changes the listed policy it starts from. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A listed policy as an object to send back: its spec and metadata, with the resourceVersion it was read at. */
export function toObject(policy: MeshPolicy): PolicyObject {
  const { name, namespace, resourceVersion, labels, annotations } =
    policy.metadata;
  return {
    apiVersion: policy.apiVersion,
    kind: policy.kind,
    metadata: {
      name,
      namespace,
      ...(resourceVersion ? { resourceVersion } : {}),
      ...(labels ? { labels: copy(labels) } : {}),
      ...(annotations ? { annotations: copy(annotations) } : {}),
    },
    spec: copy(policy.spec),
  };
}

/**
 * The VirtualService or DestinationRule that routes the service itself (a
 * host naming it exactly, not a wildcard), preferring one in the service's
 * namespace; undefined when there is none.
 */
export function findServicePolicy(
  ctx: BuildContext,
  kind: 'VirtualService' | 'DestinationRule',
): MeshPolicy | undefined {
  const hostsOf = (p: MeshPolicy) =>
    kind === 'VirtualService' ? p.spec.hosts : p.spec.host;
  const candidates = ctx.policies.filter(
    p =>
      p.kind === kind &&
      matchHosts(hostsOf(p), p.metadata.namespace, ctx.target) === 'exact',
  );
  return (
    candidates.find(p => p.metadata.namespace === ctx.target.namespace) ??
    candidates[0]
  );
}

/** The service's VirtualService to merge into, or a new one for its FQDN. */
export function virtualServiceFor(ctx: BuildContext): PolicyObject {
  const existing = findServicePolicy(ctx, 'VirtualService');
  if (existing) return toObject(existing);
  const { name, namespace, hostname } = ctx.target;
  return {
    apiVersion: NETWORKING,
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: { hosts: [hostname], http: [] },
  };
}

/** The service's DestinationRule to merge into, or a new one for its FQDN. */
export function destinationRuleFor(ctx: BuildContext): PolicyObject {
  const existing = findServicePolicy(ctx, 'DestinationRule');
  if (existing) return toObject(existing);
  const { name, namespace, hostname } = ctx.target;
  return {
    apiVersion: NETWORKING,
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: { host: hostname },
  };
}

/**
 * An object the form owns whole (a PeerAuthentication, an
 * AuthorizationPolicy): its spec is replaced, but when one of that kind and
 * name exists its resourceVersion, labels and annotations are kept.
 */
export function replaceNamed(
  ctx: BuildContext,
  object: PolicyObject,
): PolicyObject {
  const existing = ctx.policies.find(
    p =>
      p.kind === object.kind &&
      p.metadata.namespace === object.metadata.namespace &&
      p.metadata.name === object.metadata.name,
  );
  if (!existing) return object;
  const { metadata } = toObject(existing);
  return {
    ...object,
    metadata: {
      ...metadata,
      ...object.metadata,
      resourceVersion: metadata.resourceVersion,
    },
  };
}

/** The workload selector of a security policy for the service's pods. */
export function selectorFor(ctx: BuildContext): {
  matchLabels: Record<string, string>;
} {
  return { matchLabels: { ...ctx.target.selector } };
}
