import type {
  MeshPolicy,
  MeshPolicyApplyRequest,
} from '@meshfleet/plugin-mesh-common';

/** An Istio object as the policies API takes it (apply's `objects[i]`). */
export type PolicyObject = MeshPolicyApplyRequest['objects'][number];

/** The service a form writes policies for. */
export interface ServiceTarget {
  namespace: string;
  name: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  hostname: string;
  /** The labels the Kubernetes Service selects its pods by (the mesh model's), e.g. `{ app: catalog }`. */
  selector: Record<string, string>;
}

/**
 * What a builder starts from: the service, and the mesh's policies in its
 * config cluster as listed when the form opened (a builder merges into the
 * service's VirtualService and DestinationRule when they exist, keeping their
 * `resourceVersion`, so a change made meanwhile is refused with 409).
 */
export interface BuildContext {
  target: ServiceTarget;
  policies: MeshPolicy[];
}

/** A form's values as typed in: every field a string (empty when left blank). */
export type RawValues = Record<string, string>;

/** Field key → what is wrong with it and what is expected. */
export type FieldErrors = Record<string, string>;

/** The outcome of reading a form: values for the builder, or an error per field. */
export type Parsed<T> =
  | { values: T; errors?: undefined }
  | { values?: undefined; errors: FieldErrors };
