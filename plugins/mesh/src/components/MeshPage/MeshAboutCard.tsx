import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { MeshView } from '@meshfleet/plugin-mesh-common';
import { formatIstioVersion, MeshHealthStatus } from '@meshfleet/plugin-mesh-react';
import { AboutField, meshTypeLabel } from '../shared';

/** What a mesh is: type, who manages it, control plane, trust domain, Istio, health. */
export function MeshAboutCard(props: { mesh: MeshView }) {
  const { mesh } = props;
  const reachable = mesh.clusters.filter(c => c.reachability === 'reachable').length;
  return (
    <InfoCard title="About">
      <Grid container spacing={2}>
        <AboutField label="Type">{meshTypeLabel(mesh.type)}</AboutField>
        <AboutField label="Managed by">
          {mesh.managed ? 'Meshfleet (desired state stored)' : 'Nobody: discovered in the clusters'}
        </AboutField>
        <AboutField label="Control-plane cluster">{mesh.controlPlaneCluster}</AboutField>
        <AboutField label="Trust domain">{mesh.trustDomain ?? 'unknown'}</AboutField>
        <AboutField label="Istio">{formatIstioVersion(mesh.istioVersion, mesh.revisions)}</AboutField>
        <AboutField label="Health">
          <MeshHealthStatus health={mesh.health} />
        </AboutField>
        <AboutField label="Clusters">{`${mesh.clusters.length} (${reachable} reachable)`}</AboutField>
        <AboutField label="Services">{mesh.serviceCount}</AboutField>
        <AboutField label="Mesh ID">
          <code>{mesh.id}</code>
        </AboutField>
      </Grid>
    </InfoCard>
  );
}
