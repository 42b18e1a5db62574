import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import type { MeshPolicy, MeshPolicyKind } from '@meshfleet/plugin-mesh-common';
import { useState } from 'react';
import { RefreshButton } from '../shared';
import { DeletePolicyDialog } from './DeletePolicyDialog';
import { PolicyEditorDialog } from './editor/PolicyEditorDialog';
import { MeshPoliciesTable } from './MeshPoliciesTable';
import { PolicyDriftSection } from './PolicyDriftSection';
import { PolicyHistorySection } from './PolicyHistorySection';
import { policyRows } from './policyRows';
import { policyRef, policyTemplate, policyToYaml } from './policyYaml';
import { useMeshPolicyData } from './useMeshPolicyData';

/** Props of {@link MeshPoliciesTab}. */
export interface MeshPoliciesTabProps {
  meshId: string;
}

type Editing = { title: string; text: string };

/**
 * The mesh page's Policies tab: the mesh's Istio policies (create, edit as
 * YAML validated as you type, delete), the policies changed outside Meshfleet
 * (adopt or revert), and the history of Meshfleet's changes.
 *
 * @public
 */
export function MeshPoliciesTab(props: MeshPoliciesTabProps) {
  const { meshId } = props;
  const { list, changes, drift, reload } = useMeshPolicyData(meshId);
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<MeshPolicy>();

  const create = (kind: MeshPolicyKind) => setEditing({ title: `Create a ${kind}`, text: policyTemplate(kind) });
  const edit = (policy: MeshPolicy) =>
    setEditing({ title: `Edit ${policy.kind} ${policyRef(policy)}`, text: policyToYaml(policy) });

  let policies;
  if (list.loading && !list.value) {
    policies = <Progress />;
  } else if (list.error) {
    policies = <ResponseErrorPanel title={`Could not list the policies of mesh "${meshId}"`} error={list.error} />;
  } else if (list.value) {
    policies = (
      <MeshPoliciesTable
        list={list.value}
        rows={policyRows(list.value, changes.value)}
        onCreate={create}
        onEdit={edit}
        onDelete={setDeleting}
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <RefreshButton onClick={reload} disabled={list.loading} />
      </Grid>
      <Grid item xs={12}>
        {policies}
      </Grid>
      <Grid item xs={12}>
        {drift.error && <ResponseErrorPanel title="Could not read the policies' drift" error={drift.error} />}
        {drift.value && (
          <PolicyDriftSection
            meshId={meshId}
            configCluster={list.value?.configCluster ?? 'the config cluster'}
            items={drift.value}
            onChanged={reload}
          />
        )}
      </Grid>
      <Grid item xs={12}>
        {changes.error && <ResponseErrorPanel title="Could not read the policy history" error={changes.error} />}
        {changes.value && <PolicyHistorySection changes={changes.value} />}
      </Grid>
      {editing && (
        <PolicyEditorDialog
          meshId={meshId}
          title={editing.title}
          initialText={editing.text}
          onClose={() => setEditing(undefined)}
          onApplied={reload}
        />
      )}
      {deleting && (
        <DeletePolicyDialog
          meshId={meshId}
          policy={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setDeleting(undefined);
            reload();
          }}
        />
      )}
    </Grid>
  );
}
