import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicy } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useCallback, useState } from 'react';
import { PolicyReview } from '../PolicyReview';
import type { PolicyObject, RawValues, ServiceTarget } from './builders/types';
import type { PolicyFormDefinition, PolicyFormField } from './forms';

/** Props of {@link PolicyFormDialog}. */
export interface PolicyFormDialogProps {
  form: PolicyFormDefinition;
  meshId: string;
  target: ServiceTarget;
  /** The mesh's policies in its config cluster, as listed when the form opened. */
  policies: MeshPolicy[];
  onClose(): void;
  /** After the policies were applied (the dialog stays open with what was done). */
  onApplied(): void;
}

function FormField(props: {
  field: PolicyFormField;
  value: string;
  error?: string;
  onChange(value: string): void;
}) {
  const { field, value, error } = props;
  return (
    <TextField
      id={`policy-field-${field.key}`}
      label={field.label}
      value={value}
      select={!!field.choices}
      fullWidth
      variant="outlined"
      size="small"
      error={!!error}
      helperText={error ?? field.help}
      onChange={event => props.onChange(event.target.value)}
    >
      {field.choices?.map(choice => (
        <MenuItem key={choice} value={choice}>
          {choice}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * One policy form for a service: fields checked as the user types (each error
 * names the field and what is expected), then the review of the objects they
 * make (dry run, findings, impact, diff) and Apply. When an object changed
 * meanwhile, the change is rebuilt on the mesh's current policies.
 */
export function PolicyFormDialog(props: PolicyFormDialogProps) {
  const { form, meshId, target } = props;
  const meshApi = useApi(meshApiRef);
  const [values, setValues] = useState<RawValues>(form.defaults);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [policies, setPolicies] = useState(props.policies);
  const [reviewing, setReviewing] = useState<PolicyObject[]>();
  // A new review (fresh dry run, no earlier refusal) for every batch reviewed.
  const [round, setRound] = useState(0);
  const built = form.build(values, { target, policies });
  const shownErrors = Object.fromEntries(
    Object.entries(built.errors ?? {}).filter(([key]) => touched.has(key)),
  );

  const change = (key: string, value: string) => {
    setValues(v => ({ ...v, [key]: value }));
    setTouched(t => new Set(t).add(key));
  };
  const review = () => {
    setTouched(new Set(form.fields.map(f => f.key)));
    if (built.objects) {
      setReviewing(built.objects);
      setRound(r => r + 1);
    }
  };
  // The change again, on the policies as they are now (someone changed one meanwhile).
  const rebuild = useCallback(async () => {
    const fresh = (await meshApi.listMeshPolicies(meshId)).policies;
    setPolicies(fresh);
    const again = form.build(values, { target, policies: fresh });
    setReviewing(again.objects);
    setRound(r => r + 1);
  }, [meshApi, meshId, form, values, target]);

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="policy-form-title"
    >
      <DialogTitle id="policy-form-title">
        {form.title} for {target.namespace}/{target.name}
      </DialogTitle>
      <DialogContent>
        {reviewing ? (
          <PolicyReview
            key={round}
            meshId={meshId}
            objects={reviewing}
            onApplied={props.onApplied}
            onRebuild={rebuild}
          />
        ) : (
          <>
            <Typography variant="body2" paragraph>
              {form.description}
            </Typography>
            <Grid container spacing={2}>
              {form.fields.map(field => (
                <Grid item xs={12} sm={6} key={field.key}>
                  <FormField
                    field={field}
                    value={values[field.key] ?? ''}
                    error={shownErrors[field.key]}
                    onChange={v => change(field.key, v)}
                  />
                </Grid>
              ))}
            </Grid>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        {reviewing ? (
          <Button onClick={() => setReviewing(undefined)}>
            Back to the form
          </Button>
        ) : (
          <Button color="primary" variant="contained" onClick={review}>
            Review
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
