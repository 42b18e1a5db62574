import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type {
  ComponentService,
  MeshApi,
  MeshPolicyListResponse,
} from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  POLICY_FORMS,
  PolicyFormDefinition,
  PolicyFormDialog,
  ServiceTarget,
} from '../PolicyForms';
import {
  policiesForService,
  PolicyScope,
  ServicePolicy,
} from './servicePolicies';

const SCOPE_TEXT: Record<PolicyScope, string> = {
  service: 'service',
  namespace: 'namespace',
  mesh: 'mesh',
};

const columns: TableColumn<ServicePolicy>[] = [
  { title: 'Kind', render: row => row.policy.kind },
  {
    title: 'Name',
    render: row =>
      `${row.policy.metadata.namespace}/${row.policy.metadata.name}`,
  },
  { title: 'Scope', render: row => SCOPE_TEXT[row.scope] },
  {
    title: 'Written by',
    render: row => row.policy.managedBy.join(', ') || '—',
  },
];

interface PoliciesState {
  list: MeshPolicyListResponse;
  target: ServiceTarget;
}

/** The service as the forms target it: with the labels its Kubernetes Service selects pods by (the mesh model's). */
async function loadPolicies(
  meshApi: MeshApi,
  service: ComponentService,
): Promise<PoliciesState> {
  const [list, mesh] = await Promise.all([
    meshApi.listMeshPolicies(service.meshId),
    meshApi.getMesh(service.meshId),
  ]);
  const modelService = mesh.services.find(
    s => s.namespace === service.namespace && s.name === service.name,
  );
  const selector =
    modelService?.instances.find(i => Object.keys(i.selector).length > 0)
      ?.selector ?? {};
  const target = {
    namespace: service.namespace,
    name: service.name,
    hostname: service.hostname,
    selector,
  };
  return { list, target };
}

/**
 * The Istio policies that apply to the service in its mesh (its own, its
 * namespace's and the mesh-wide ones, from the mesh's config cluster), each
 * with its scope, and a button per policy form (Canary release first).
 */
export function ServicePoliciesCard(props: { service: ComponentService }) {
  const { service } = props;
  const meshApi = useApi(meshApiRef);
  const state = useAsyncRetry(
    () => loadPolicies(meshApi, service),
    [meshApi, service.meshId, service.namespace, service.name],
  );
  const [open, setOpen] = useState<PolicyFormDefinition>();
  const { retry } = state;
  const onApplied = useCallback(() => retry(), [retry]);

  let body;
  if (state.error) {
    body = (
      <ResponseErrorPanel
        title="Could not read the mesh's policies"
        error={state.error}
      />
    );
  } else if (!state.value) {
    body = <Progress />;
  } else {
    const rows = policiesForService(
      state.value.list.policies,
      state.value.target,
    );
    const { ignored, unreadable, configCluster } = state.value.list;
    body = (
      <>
        <Table<ServicePolicy>
          title={`Policies of ${service.namespace}/${service.name}`}
          subtitle={`in mesh ${service.meshTitle}, stored in its config cluster ${configCluster}`}
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={rows}
          emptyContent={
            <Box p={2}>
              No policy applies to this service: Istio's defaults hold.
            </Box>
          }
        />
        {ignored.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            {ignored.length} policies found in member clusters have no effect
            (istiod reads {configCluster} only).
          </Typography>
        )}
        {unreadable.map(u => (
          <Typography key={u.cluster} variant="body2" color="error">
            {u.cluster} could not be read: {u.error}
          </Typography>
        ))}
      </>
    );
  }

  return (
    <Box data-testid="service-policies">
      <InfoCard title="Policies">
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2}>
          {POLICY_FORMS.map((form, i) => (
            <Button
              key={form.id}
              size="small"
              variant={i === 0 ? 'contained' : 'outlined'}
              color="primary"
              disabled={!state.value}
              onClick={() => setOpen(form)}
            >
              {form.title}
            </Button>
          ))}
        </Box>
        {body}
        {open && state.value && (
          <PolicyFormDialog
            form={open}
            meshId={service.meshId}
            target={state.value.target}
            policies={state.value.list.policies}
            onClose={() => setOpen(undefined)}
            onApplied={onApplied}
          />
        )}
      </InfoCard>
    </Box>
  );
}
