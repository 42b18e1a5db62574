import type { Agent } from 'node:http';
import { createSecureContext, SecureContextOptions } from 'node:tls';
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

/** The client-node internal {@link withOneAgent} replaces. */
type CreateAgent = (
  cluster: unknown,
  options: SecureContextOptions & Record<string, unknown>,
) => Agent;

/**
 * Makes every request of this KubeConfig share one agent, with keep-alive
 * connections and one TLS context. client-node 1.x builds a new agent, and so
 * a new TLS context (the CA parsed again) and a new connection, for every
 * request; with hundreds of clusters, each relisting and watching several
 * resource types, that handshaking was the largest part of discovery's CPU.
 * The agent options are the same for every request of one KubeConfig, so
 * the first request's agent serves the others. kubeConfig.test.ts fails if
 * client-node stops building agents this way.
 */
function withOneAgent(kc: KubeConfig): KubeConfig {
  const internals = kc as unknown as { createAgent?: CreateAgent };
  const create = internals.createAgent?.bind(kc);
  if (!create) return kc;
  let agent: Agent | undefined;
  internals.createAgent = (cluster, options) => {
    const { ca, cert, key, pfx, passphrase } = options;
    const tls = ca || cert || key || pfx;
    agent ??= create(cluster, {
      ...options,
      keepAlive: true,
      ...(tls && {
        secureContext: createSecureContext({ ca, cert, key, pfx, passphrase }),
      }),
    });
    return agent;
  };
  return kc;
}

/**
 * A client-node KubeConfig for one cluster and credential, built in memory
 * (nothing is written to disk, no second kubeconfig store); its requests
 * share one agent.
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
  return withOneAgent(kc);
}
