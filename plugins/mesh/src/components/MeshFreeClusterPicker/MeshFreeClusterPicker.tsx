import { useApi } from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import useAsync from 'react-use/esm/useAsync';
import { clusterLabel, freeClusters } from './freeClusters';

/**
 * A scaffolder form field: one of the clusters Meshfleet reads that is
 * reachable and in no mesh (`GET /api/mesh/clusters`). Its value is the
 * cluster's name, which Meshfleet's actions take as it is.
 */
export function MeshFreeClusterPicker(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, required, rawErrors, schema, idSchema } = props;
  const meshApi = useApi(meshApiRef);
  const { value: clusters, loading, error } = useAsync(() => meshApi.listClusters(), [meshApi]);
  const free = freeClusters(clusters ?? []);
  const options = formData && !free.some(c => c.name === formData) ? [formData, ...free.map(c => c.name)] : free.map(c => c.name);
  const label = (name: string) => {
    const cluster = free.find(c => c.name === name);
    return cluster ? clusterLabel(cluster) : name;
  };

  let helperText = schema.description;
  if (error) {
    helperText = `Could not list the clusters: ${error.message}`;
  } else if (!loading && free.length === 0) {
    helperText = 'No cluster is reachable and in no mesh: every cluster Meshfleet reads already belongs to a mesh.';
  }
  return (
    <TextField
      id={idSchema?.$id}
      select
      fullWidth
      margin="normal"
      variant="outlined"
      label={schema.title ?? 'Cluster'}
      required={required}
      disabled={loading}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      error={!!error || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      SelectProps={{ MenuProps: { disablePortal: false } }}
    >
      {options.map(name => (
        <MenuItem key={name} value={name}>
          {label(name)}
        </MenuItem>
      ))}
    </TextField>
  );
}
