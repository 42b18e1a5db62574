import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { MeshFreeClusterPicker } from './MeshFreeClusterPicker';
import { validateFreeCluster } from './validation';

/** The name templates use as `ui:field`. */
export const MESH_FREE_CLUSTER_PICKER = 'MeshFreeClusterPicker';

/** The form field, for `FormFieldBlueprint` (plugin.tsx) to load. */
export const meshFreeClusterPickerField = createFormField({
  name: MESH_FREE_CLUSTER_PICKER,
  component: MeshFreeClusterPicker,
  validation: validateFreeCluster,
});
