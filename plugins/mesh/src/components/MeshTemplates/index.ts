export { CreateMeshLink, MeshTemplateLinks } from './MeshTemplateLinks';
export { createFromTemplateRouteRef } from './routes';
export { MESH_TEMPLATES, meshEntityRef } from './templates';
export { EnableMeshForServiceLink } from './EnableMeshForServiceLink';
