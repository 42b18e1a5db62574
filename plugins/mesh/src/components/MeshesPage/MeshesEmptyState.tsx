import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

const clusterConfigExample = `kubernetes:
  serviceLocatorMethod: { type: multiTenant }
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: mesh-cp
          url: https://mesh-cp.example.com:6443
          authProvider: serviceAccount
          serviceAccountToken: \${MESH_CP_TOKEN}
          caData: \${MESH_CP_CA}`;

/** Shown when Meshfleet manages no mesh yet: what a mesh needs and how to get one. */
export function MeshesEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No service meshes yet"
      description={
        <>
          <Typography variant="body1" component="span" display="block" paragraph>
            A mesh lives on Kubernetes clusters that Backstage can reach. Meshfleet uses the
            clusters of Backstage's Kubernetes plugin, so first add yours under{' '}
            <code>kubernetes.clusterLocatorMethods</code> in <code>app-config.yaml</code> (or as
            catalog Resources of type <code>kubernetes-cluster</code>).
          </Typography>
          <Typography variant="body1" component="span" display="block" paragraph>
            Then create a mesh: pick a control-plane cluster for istiod and the member clusters it
            governs, from the service mesh template under Create. An existing Istio installation
            in one of those clusters can be adopted as an external mesh instead.
          </Typography>
        </>
      }
      action={<CodeSnippet language="yaml" text={clusterConfigExample} showCopyCodeButton />}
    />
  );
}
