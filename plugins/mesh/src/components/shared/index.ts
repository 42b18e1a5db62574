export { useMeshLinks } from './links';
export type { MeshLinks } from './links';
export { MeshLink } from './MeshLink';
export { RefreshButton } from './RefreshButton';
export { isNotFoundError } from './errors';
export { meshTypeLabel, meshClusterRoleLabel, istioRoleLabel } from './labels';
export { WarningsList, warningText } from './WarningsList';
export { AboutField } from './AboutField';
