import type { KubernetesObject } from '@kubernetes/client-node';

/** Which object: enough to read, apply or delete it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** The reference of an object (its apiVersion, kind, namespace and name). */
export function refOf(object: KubernetesObject): ObjectRef {
  const name = object.metadata?.name;
  if (!object.apiVersion || !object.kind || !name) {
    throw new Error(`object without apiVersion, kind or metadata.name: ${JSON.stringify(object).slice(0, 200)}`);
  }
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name,
    ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
  };
}

/** `Secret istio-system/cacerts`, `Namespace istio-system`: how messages name an object. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
