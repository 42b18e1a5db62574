export { parseLabelSelector, matchesSelector } from './labelSelector';
export type { LabelRequirement } from './labelSelector';
export { componentWorkloads, matchComponentService, KUBERNETES_COMPONENT_ANNOTATIONS } from './componentWorkloads';
export type { ComponentWorkloads } from './componentWorkloads';
