import type { V1Namespace, V1Secret, V1Service } from '@kubernetes/client-node';
import { stringify as toYaml } from 'yaml';
import type { ClusterEndpoint } from '../clusters/ClusterConnector';
import {
  CONTROL_PLANE_SERVICE,
  CREATED_FOR_MESH_ANNOTATION,
  ISTIO_NAMESPACE,
  MESH_ID_LABEL,
  MULTICLUSTER_SECRET_LABEL,
  READER_SERVICE_ACCOUNT,
  READER_TOKEN_SECRET,
  REMOTE_SECRET_CLUSTER_ANNOTATION,
  remoteSecretName,
} from './names';

/*
 * Kubernetes objects the mesh operations apply, derived from the mesh. Pure:
 * golden files in testdata/ pin them. Each holds only the fields Meshfleet
 * owns (server-side apply: what another manager set stays).
 */

/**
 * A namespace with Meshfleet's labels and annotations. `createdForMesh`:
 * the namespace did not exist before this mesh needed it, so removing the
 * mesh removes the namespace.
 */
export function namespaceManifest(
  name: string,
  fields: { labels?: Record<string, string>; annotations?: Record<string, string>; createdForMesh?: string },
): V1Namespace {
  const annotations = {
    ...fields.annotations,
    ...(fields.createdForMesh ? { [CREATED_FOR_MESH_ANNOTATION]: fields.createdForMesh } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      ...(fields.labels && Object.keys(fields.labels).length ? { labels: fields.labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };
}

/**
 * The Service that exposes a hosted mesh's istiod to its members: xDS and CA
 * on 15012, the injection and validation webhooks on 15017 (what Istio's
 * expose-istiod sample routes through an east-west gateway).
 */
export function controlPlaneServiceManifest(meshId: string, revision: string): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: CONTROL_PLANE_SERVICE,
      namespace: ISTIO_NAMESPACE,
      labels: { [MESH_ID_LABEL]: meshId, app: 'istiod', 'istio.io/rev': revision },
    },
    spec: {
      type: 'LoadBalancer',
      selector: { app: 'istiod', 'istio.io/rev': revision },
      ports: [
        { name: 'tcp-istiod', port: 15012, targetPort: 15012, protocol: 'TCP' },
        { name: 'https-webhook', port: 15017, targetPort: 15017, protocol: 'TCP' },
      ],
    },
  };
}

/**
 * The long-lived token of Istio's reader ServiceAccount in a member, as
 * `istioctl create-remote-secret` creates it; Kubernetes' token controller
 * fills in the token.
 */
export function readerTokenSecretManifest(meshId: string): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: READER_TOKEN_SECRET,
      namespace: ISTIO_NAMESPACE,
      labels: { [MESH_ID_LABEL]: meshId },
      annotations: { 'kubernetes.io/service-account.name': READER_SERVICE_ACCOUNT },
    },
    type: 'kubernetes.io/service-account-token',
  };
}

/**
 * The kubeconfig istiod reads a member with, as `istioctl
 * create-remote-secret` writes it: the member's API server and CA, and the
 * reader ServiceAccount's token. Holds a credential: never logged.
 */
export function remoteKubeconfig(member: ClusterEndpoint, token: string): string {
  const name = member.name;
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: member.url,
          ...(member.caData ? { 'certificate-authority-data': member.caData } : {}),
          ...(member.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    preferences: {},
    users: [{ name, user: { token } }],
  });
}

/** The remote secret for a member in the control-plane cluster (istiod's multicluster secret). */
export function remoteSecretManifest(meshId: string, member: ClusterEndpoint, token: string): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: remoteSecretName(member.name),
      namespace: ISTIO_NAMESPACE,
      labels: { [MULTICLUSTER_SECRET_LABEL]: 'true', [MESH_ID_LABEL]: meshId },
      annotations: { [REMOTE_SECRET_CLUSTER_ANNOTATION]: member.name },
    },
    type: 'Opaque',
    data: { [member.name]: Buffer.from(remoteKubeconfig(member, token), 'utf8').toString('base64') },
  };
}
