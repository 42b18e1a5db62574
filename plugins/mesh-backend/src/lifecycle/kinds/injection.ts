/*
 * What `injection.set` wants on a namespace or a workload's pod template,
 * following Istio's label precedence. Pure: the golden tests in
 * injection.golden.test.ts show every case.
 *
 * On a namespace, `istio-injection` wins over `istio.io/rev` (Istio's
 * injector webhooks select `istio-injection=enabled` for the default
 * revision and ignore `istio.io/rev` wherever `istio-injection` is set), so:
 * - the default revision: `istio-injection=enabled`, no `istio.io/rev`;
 * - a revision or a tag: `istio.io/rev=<rev|tag>`, no `istio-injection`;
 * - disabled: `istio-injection=disabled`, no `istio.io/rev`.
 * On a pod template, `sidecar.istio.io/inject` "true"/"false" and
 * `istio.io/rev` when a revision or tag is given (removed otherwise, so that
 * the default revision injects and a disabled workload names no revision).
 */

/** Istio's namespace label for the default revision (and for disabling a namespace). */
export const INJECTION_LABEL = 'istio-injection';

/** Istio's revision label: a revision or a revision tag. */
export const REVISION_LABEL = 'istio.io/rev';

/** Istio's pod label turning injection on or off for one workload. */
export const POD_INJECT_LABEL = 'sidecar.istio.io/inject';

/** The sidecar's resources, as Istio's pod annotations set them (values are Kubernetes quantities). */
export interface SidecarResources {
  cpuRequest?: string;
  memoryRequest?: string;
  cpuLimit?: string;
  memoryLimit?: string;
}

/** Istio's pod annotations for the sidecar's resources, by field. */
export const RESOURCE_ANNOTATIONS: Record<keyof SidecarResources, string> = {
  cpuRequest: 'sidecar.istio.io/proxyCPU',
  memoryRequest: 'sidecar.istio.io/proxyMemory',
  cpuLimit: 'sidecar.istio.io/proxyCPULimit',
  memoryLimit: 'sidecar.istio.io/proxyMemoryLimit',
};

/** What to inject where: the parameters of `injection.set` that decide the labels. */
export interface InjectionIntent {
  /** A Deployment's pod template; absent: the namespace. */
  workload?: string;
  enabled: boolean;
  revision?: string;
  tag?: string;
  resources?: SidecarResources;
}

/** Labels and annotations to have (exactly these values) and to have not. */
export interface DesiredInjection {
  labels: Record<string, string>;
  removeLabels: string[];
  annotations: Record<string, string>;
}

function namespaceLabels(intent: InjectionIntent): Pick<DesiredInjection, 'labels' | 'removeLabels'> {
  const selector = intent.revision ?? intent.tag;
  if (!intent.enabled) return { labels: { [INJECTION_LABEL]: 'disabled' }, removeLabels: [REVISION_LABEL] };
  if (selector) return { labels: { [REVISION_LABEL]: selector }, removeLabels: [INJECTION_LABEL] };
  return { labels: { [INJECTION_LABEL]: 'enabled' }, removeLabels: [REVISION_LABEL] };
}

function podLabels(intent: InjectionIntent): Pick<DesiredInjection, 'labels' | 'removeLabels'> {
  const selector = intent.enabled ? (intent.revision ?? intent.tag) : undefined;
  const labels: Record<string, string> = { [POD_INJECT_LABEL]: String(intent.enabled) };
  if (selector) return { labels: { ...labels, [REVISION_LABEL]: selector }, removeLabels: [] };
  return { labels, removeLabels: [REVISION_LABEL] };
}

function resourceAnnotations(resources: SidecarResources | undefined): Record<string, string> {
  const entries = Object.entries(resources ?? {}).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries.map(([field, value]) => [RESOURCE_ANNOTATIONS[field as keyof SidecarResources], value]));
}

/** The labels (and, for a workload, the sidecar's resource annotations) `injection.set` wants. */
export function desiredInjection(intent: InjectionIntent): DesiredInjection {
  if (intent.workload === undefined) return { ...namespaceLabels(intent), annotations: {} };
  return { ...podLabels(intent), annotations: resourceAnnotations(intent.resources) };
}

/** What differs between an object's metadata and the desired injection. */
export interface InjectionChanges {
  /** Labels and annotations whose value is missing or different (key: new value). */
  setLabels: Record<string, string>;
  setAnnotations: Record<string, string>;
  /** Labels present that must go. */
  removeLabels: string[];
}

function differing(current: Record<string, string>, desired: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(desired).filter(([key, value]) => current[key] !== value));
}

/** The changes from `current` metadata to `desired` (none: the object is as wanted). */
export function injectionChanges(
  current: { labels?: Record<string, string>; annotations?: Record<string, string> },
  desired: DesiredInjection,
): InjectionChanges {
  const labels = current.labels ?? {};
  return {
    setLabels: differing(labels, desired.labels),
    setAnnotations: differing(current.annotations ?? {}, desired.annotations),
    removeLabels: desired.removeLabels.filter(key => key in labels),
  };
}

/** Whether there is anything to change. */
export function hasChanges(changes: InjectionChanges): boolean {
  return (
    Object.keys(changes.setLabels).length + Object.keys(changes.setAnnotations).length + changes.removeLabels.length > 0
  );
}

/** `set istio.io/rev=canary; remove istio-injection`: the changes in one line (plans and step details). */
export function describeChanges(changes: InjectionChanges): string {
  const parts = [
    ...Object.entries(changes.setLabels).map(([key, value]) => `set label ${key}=${value}`),
    ...Object.entries(changes.setAnnotations).map(([key, value]) => `set annotation ${key}=${value}`),
    ...changes.removeLabels.map(key => `remove label ${key}`),
  ];
  return parts.length ? parts.join('; ') : 'no change';
}
