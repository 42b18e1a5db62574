import { MESH_ANNOTATIONS, MESHFLEET_ANNOTATION_PREFIX } from './annotations';
import { CLUSTER_ENTITY_TYPE, KUBERNETES_CLUSTER_ANNOTATIONS, MESH_ENTITY_TYPE } from './entities';

describe('annotations and entity types', () => {
  it('puts every Meshfleet annotation under meshfleet.io/ and keeps keys distinct', () => {
    const keys = Object.values(MESH_ANNOTATIONS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key.startsWith(`${MESHFLEET_ANNOTATION_PREFIX}/`)).toBe(true);
      // Kubernetes-style qualified names: prefix/name, name at most 63 characters.
      expect(key.split('/')[1]).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
  });

  it("uses the annotations Backstage's Kubernetes plugin reads for catalog clusters", () => {
    expect(CLUSTER_ENTITY_TYPE).toBe('kubernetes-cluster');
    expect(Object.values(KUBERNETES_CLUSTER_ANNOTATIONS)).toEqual([
      'kubernetes.io/api-server',
      'kubernetes.io/api-server-certificate-authority',
      'kubernetes.io/auth-provider',
      'kubernetes.io/skip-metrics-lookup',
    ]);
    expect(MESH_ENTITY_TYPE).toBe('service-mesh');
  });
});
