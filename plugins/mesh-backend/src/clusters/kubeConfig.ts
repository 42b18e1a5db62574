import { KubeConfig } from '@kubernetes/client-node';
import type {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/** The kubeconfig user for a credential (anonymous: no credential at all). */
function userFor(credential: KubernetesCredential) {
  if (credential.type === 'bearer token') {
    return { name: 'meshfleet', token: credential.token };
  }
  if (credential.type === 'x509 client certificate') {
    return {
      name: 'meshfleet',
      certData: credential.cert,
      keyData: credential.key,
    };
  }
  return { name: 'meshfleet' };
}

/**
 * A client-node KubeConfig for one cluster and credential, built in memory
 * (nothing is written to disk, no second kubeconfig store).
 */
export function kubeConfigFor(
  cluster: ClusterDetails,
  credential: KubernetesCredential,
): KubeConfig {
  const user = userFor(credential);
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
