import { KubeConfig } from '@kubernetes/client-node';
import type {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/**
 * A client-node KubeConfig for one cluster and credential, built in memory
 * (nothing is written to disk, no second kubeconfig store).
 */
export function kubeConfigFor(
  cluster: ClusterDetails,
  credential: KubernetesCredential,
): KubeConfig {
  const user =
    credential.type === 'bearer token'
      ? { name: 'meshfleet', token: credential.token }
      : credential.type === 'x509 client certificate'
        ? { name: 'meshfleet', certData: credential.cert, keyData: credential.key }
        : { name: 'meshfleet' };
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: cluster.skipTLSVerify ?? false,
      },
    ],
    users: [user],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: user.name }],
    currentContext: cluster.name,
  });
  return kc;
}
