export { MESH_FREE_CLUSTER_PICKER, meshFreeClusterPickerField } from './field';
export { MeshFreeClusterPicker } from './MeshFreeClusterPicker';
