import { EmptyState } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { KUBERNETES_COMPONENT_ANNOTATIONS } from '@meshfleet/plugin-mesh-common';
import { EnableMeshForServiceLink } from '../MeshTemplates';

/** The Component's workloads match no service of a mesh the user may read. */
export function NotInMesh(props: { entity: Entity }) {
  const annotations = props.entity.metadata.annotations ?? {};
  const selector =
    annotations[KUBERNETES_COMPONENT_ANNOTATIONS.labelSelector] ?? annotations[KUBERNETES_COMPONENT_ANNOTATIONS.id];
  return (
    <EmptyState
      missing="data"
      title="Not in a service mesh"
      description={`No service of a mesh you may read matches this Component's workloads (${selector ?? 'no Kubernetes annotation'}). Meshfleet matches ${KUBERNETES_COMPONENT_ANNOTATIONS.id} (a Service of that name, or one selecting pods with that app label) or ${KUBERNETES_COMPONENT_ANNOTATIONS.labelSelector} (against the labels a Service selects on), within ${KUBERNETES_COMPONENT_ANNOTATIONS.namespace} when set.`}
      action={<EnableMeshForServiceLink entity={props.entity} />}
    />
  );
}
