import { Route, Routes } from 'react-router-dom';
import { ClustersPage } from './ClustersPage';
import { MeshesPage } from './MeshesPage';
import { MeshRoute } from './MeshPage';
import { MeshTopologyRoute } from './MeshTopologyPage';

/** The "Meshes" tab: the list at its root, one mesh at `:meshId`. */
export function MeshesRouter() {
  return (
    <Routes>
      <Route path="/" element={<MeshesPage />} />
      <Route path="/:meshId" element={<MeshRoute />} />
      <Route path="/:meshId/topology" element={<MeshTopologyRoute />} />
    </Routes>
  );
}

/**
 * The whole plugin under one route, for legacy apps: the list at the root and
 * at `meshes`, one mesh at `meshes/:meshId`, the clusters at `clusters`.
 */
export function LegacyMeshRouter() {
  return (
    <Routes>
      <Route path="/" element={<MeshesPage />} />
      <Route path="/meshes" element={<MeshesPage />} />
      <Route path="/meshes/:meshId" element={<MeshRoute />} />
      <Route path="/meshes/:meshId/topology" element={<MeshTopologyRoute />} />
      <Route path="/clusters" element={<ClustersPage />} />
    </Routes>
  );
}
