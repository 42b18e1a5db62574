import type {
  V1MutatingWebhookConfiguration,
  V1Service,
} from '@kubernetes/client-node';
import type { DiscoveryWarning } from '@meshfleet/plugin-mesh-common';
import { revisionOf } from './istiod';
import { describeObject } from './objectNames';

/** Name prefix of Istio's sidecar injector webhook configurations. */
export const INJECTOR_WEBHOOK_PREFIX = 'istio-sidecar-injector';

/** What an injector webhook says about the istiod it calls. */
export interface InjectorTarget {
  revision: string;
  /** `host[:port]` of the istiod the webhook calls, when it can be told. */
  address?: string;
  /** The namespace of the Service the webhook calls (where the remote profile lives). */
  namespace?: string;
  /** From an injection path `/inject/cluster/<id>/net/<network>`. */
  clusterId?: string;
  network?: string;
}

/** Whether a webhook configuration is one of Istio's sidecar injectors. */
export function isInjectorWebhook(
  webhook: V1MutatingWebhookConfiguration,
): boolean {
  return (webhook.metadata?.name ?? '').startsWith(INJECTOR_WEBHOOK_PREFIX);
}

/** Reads cluster id and network from Istio's remote injection path. */
function parseInjectionPath(
  path: string | undefined,
): Pick<InjectorTarget, 'clusterId' | 'network'> {
  const match = /\/inject\/cluster\/([^/]+)(?:\/net\/([^/]+))?/.exec(
    path ?? '',
  );
  return match ? { clusterId: match[1], network: match[2] } : {};
}

function serviceAddress(
  services: V1Service[],
  namespace: string,
  name: string,
): string {
  const service = services.find(
    s => s.metadata?.namespace === namespace && s.metadata?.name === name,
  );
  // Istio's remote profile points `istiod` at the primary through an
  // ExternalName Service (hostname) or a selectorless Service with EndpointSlices.
  return service?.spec?.externalName ?? `${name}.${namespace}.svc`;
}

function readOneInjector(
  cluster: string,
  webhook: V1MutatingWebhookConfiguration,
  services: V1Service[],
): { target?: InjectorTarget; warning?: DiscoveryWarning } {
  const clientConfig = webhook.webhooks?.[0]?.clientConfig;
  const revision = revisionOf(webhook);
  if (clientConfig?.url) {
    try {
      const url = new URL(clientConfig.url);
      return {
        target: {
          revision,
          address: url.host,
          ...parseInjectionPath(url.pathname),
        },
      };
    } catch {
      return {
        warning: {
          cluster,
          object: describeObject('MutatingWebhookConfiguration', webhook),
          message: 'injector webhook URL is not a valid URL',
        },
      };
    }
  }
  const service = clientConfig?.service;
  if (service?.name && service.namespace) {
    return {
      target: {
        revision,
        address: serviceAddress(services, service.namespace, service.name),
        namespace: service.namespace,
        ...parseInjectionPath(service.path),
      },
    };
  }
  return {
    warning: {
      cluster,
      object: describeObject('MutatingWebhookConfiguration', webhook),
      message: 'injector webhook has neither a URL nor a Service to call',
    },
  };
}

/** Reads every Istio injector webhook of a cluster. */
export function readInjectorTargets(
  cluster: string,
  webhooks: V1MutatingWebhookConfiguration[],
  services: V1Service[],
): { targets: InjectorTarget[]; warnings: DiscoveryWarning[] } {
  const targets: InjectorTarget[] = [];
  const warnings: DiscoveryWarning[] = [];
  const injectors = webhooks
    .filter(isInjectorWebhook)
    .sort((a, b) =>
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
  for (const webhook of injectors) {
    const { target, warning } = readOneInjector(cluster, webhook, services);
    if (target) targets.push(target);
    if (warning) warnings.push(warning);
  }
  return { targets, warnings };
}
