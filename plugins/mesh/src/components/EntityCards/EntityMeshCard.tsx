import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { MissingAnnotationEmptyState, useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { MESH_ANNOTATIONS, MeshView } from '@meshfleet/plugin-mesh-common';
import { formatIstioVersion, meshApiRef, MeshHealthStatus } from '@meshfleet/plugin-mesh-react';
import useAsync from 'react-use/esm/useAsync';
import { AboutField, isNotFoundError, meshTypeLabel, useMeshLinks } from '../shared';

function driftText(mesh: MeshView): string {
  if (!mesh.managed || mesh.type === 'external') {
    return 'not tracked (Meshfleet did not create this mesh)';
  }
  return mesh.drift.length === 0 ? 'none' : `${mesh.drift.length} difference(s)`;
}

function MeshSummary(props: { mesh: MeshView }) {
  const { mesh } = props;
  const unreachable = mesh.clusters.filter(c => c.reachability === 'unreachable').length;
  return (
    <Grid container spacing={2}>
      <AboutField label="Health">
        <MeshHealthStatus health={mesh.health} />
      </AboutField>
      <AboutField label="Type">{meshTypeLabel(mesh.type)}</AboutField>
      <AboutField label="Control-plane cluster">{mesh.controlPlaneCluster}</AboutField>
      <AboutField label="Istio">{formatIstioVersion(mesh.istioVersion, mesh.revisions)}</AboutField>
      <AboutField label="Clusters">
        {unreachable ? `${mesh.clusters.length} (${unreachable} unreachable)` : `${mesh.clusters.length}`}
      </AboutField>
      <AboutField label="Services">{mesh.serviceCount}</AboutField>
      <AboutField label="Drift">{driftText(mesh)}</AboutField>
      <AboutField label="Discovery warnings">{mesh.warnings.length || 'none'}</AboutField>
    </Grid>
  );
}

function MeshCardBody(props: { meshId: string }) {
  const meshApi = useApi(meshApiRef);
  const { value: mesh, loading, error } = useAsync(() => meshApi.getMesh(props.meshId), [meshApi, props.meshId]);
  if (loading) {
    return <Progress />;
  }
  if (error && isNotFoundError(error)) {
    return (
      <Typography variant="body2">
        Meshfleet knows no mesh with id "{props.meshId}" (annotation <code>{MESH_ANNOTATIONS.meshId}</code>). The
        mesh may have been deleted, or the annotation is wrong.
      </Typography>
    );
  }
  if (error) {
    return <ResponseErrorPanel title={`Could not read mesh "${props.meshId}"`} error={error} />;
  }
  return mesh ? <MeshSummary mesh={mesh} /> : null;
}

/**
 * Entity card for a service mesh (`Resource` of type `service-mesh`): health,
 * type, control plane, Istio, clusters, services and drift of the mesh named by
 * the `meshfleet.io/mesh-id` annotation, with a link to the mesh's page.
 *
 * @public
 */
export function EntityMeshCard() {
  const { entity } = useEntity();
  const meshId = entity.metadata.annotations?.[MESH_ANNOTATIONS.meshId];
  const link = useMeshLinks().mesh(meshId ?? '');
  if (!meshId) {
    return <MissingAnnotationEmptyState annotation={MESH_ANNOTATIONS.meshId} />;
  }
  return (
    <InfoCard title="Service mesh" deepLink={link ? { title: 'Open mesh', link } : undefined}>
      <MeshCardBody meshId={meshId} />
    </InfoCard>
  );
}
