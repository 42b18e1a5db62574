import { useParams } from 'react-router-dom';
import { MeshPage } from './MeshPage';

/** {@link MeshPage} for the mesh named by the `:meshId` route parameter. */
export function MeshRoute() {
  const { meshId = '' } = useParams();
  return <MeshPage meshId={meshId} />;
}
