export { MeshWorkloadsTab } from './MeshWorkloadsTab';
export type { MeshWorkloadsTabProps } from './MeshWorkloadsTab';
export { ServiceSidecarsCard } from './ServiceSidecarsCard';
