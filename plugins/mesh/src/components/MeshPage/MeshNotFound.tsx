import { EmptyState, Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useMeshLinks } from '../shared';

/** Shown for a mesh id the backend does not know. */
export function MeshNotFound(props: { meshId: string; message?: string }) {
  const meshesLink = useMeshLinks().meshes();
  return (
    <EmptyState
      missing="info"
      title={`No mesh with id "${props.meshId}"`}
      description={
        <>
          <Typography variant="body1" component="span" display="block" paragraph>
            Meshfleet neither manages a mesh with this id nor found one in the clusters it reads. The
            mesh may have been deleted, or the link is wrong. Mesh ids are Istio's <code>meshID</code>.
          </Typography>
          {props.message && (
            <Typography variant="body2" component="span" display="block" color="textSecondary">
              Backend: {props.message}
            </Typography>
          )}
        </>
      }
      action={meshesLink ? <Link to={meshesLink}>See all meshes</Link> : undefined}
    />
  );
}
