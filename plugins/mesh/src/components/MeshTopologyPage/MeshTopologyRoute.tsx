import { useParams } from 'react-router-dom';
import { MeshTopologyPage } from './MeshTopologyPage';

/** {@link MeshTopologyPage} for the mesh named by the `:meshId` route parameter. */
export function MeshTopologyRoute() {
  const { meshId = '' } = useParams();
  return <MeshTopologyPage meshId={meshId} />;
}
