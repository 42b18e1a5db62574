import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import type {
  MeshService,
  NamespaceInjection,
  ServiceInstance,
  ServicePort,
} from '@meshfleet/plugin-mesh-common';
import { isInjected } from './injection';
import { dropUndefined } from './istiod';
import { byNamespaceAndName } from './objectNames';
import type { DiscoveredService } from './types';

function toPort(port: V1ServicePort): ServicePort {
  return dropUndefined<ServicePort>({
    name: port.name || undefined,
    port: port.port,
    protocol: port.protocol ?? 'TCP',
    targetPort: port.targetPort as string | number | undefined,
    appProtocol: port.appProtocol || undefined,
  });
}

/** The API server's own Service exists in every cluster and is not a workload. */
function isApiServerService(service: V1Service): boolean {
  return (
    service.metadata?.namespace === 'default' &&
    service.metadata?.name === 'kubernetes'
  );
}

/**
 * Keeps the Services discovery reports (namespace filter applied, the API
 * server's `default/kubernetes` left out), sorted by namespace and name.
 */
export function readServices(
  services: V1Service[],
  includeNamespace: (namespace: string) => boolean = () => true,
): DiscoveredService[] {
  return services
    .filter(
      s =>
        !isApiServerService(s) && includeNamespace(s.metadata?.namespace ?? ''),
    )
    .map(s => ({
      namespace: s.metadata?.namespace ?? '',
      name: s.metadata?.name ?? '<unnamed>',
      ports: (s.spec?.ports ?? []).map(toPort),
      selector: { ...(s.spec?.selector ?? {}) },
    }))
    .sort(byNamespaceAndName);
}

/**
 * One cluster's contribution to {@link aggregateServices}.
 */
export interface ClusterServices {
  cluster: string;
  services: DiscoveredService[];
  injection: NamespaceInjection[];
}

function describePorts(ports: ServicePort[]): string {
  const parts = [...ports]
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))
    .map(p => {
      const target = p.targetPort === undefined ? '' : `->${p.targetPort}`;
      return `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}${target}`;
    });
  return `[${parts.join(', ')}]`;
}

function describeSelector(selector: Record<string, string>): string {
  const parts = Object.keys(selector)
    .sort()
    .map(key => `${key}=${selector[key]}`);
  return `{${parts.join(',')}}`;
}

/**
 * Names the disagreement of instances on one aspect, e.g.
 * `ports differ: east [http 80/TCP], west [http 8080/TCP]`; none when all agree.
 */
function disagreement(
  aspect: string,
  instances: ServiceInstance[],
  describe: (instance: ServiceInstance) => string,
): string[] {
  const descriptions = instances.map(i => ({
    cluster: i.cluster,
    text: describe(i),
  }));
  if (new Set(descriptions.map(d => d.text)).size <= 1) {
    return [];
  }
  const listed = descriptions.map(d => `${d.cluster} ${d.text}`).join(', ');
  return [`${aspect} differ: ${listed}`];
}

/**
 * Merges the Services of a mesh's clusters into mesh services: the same name
 * in the same namespace is one service to Istio. Instances that disagree on
 * ports or selectors are flagged, since Istio then merges endpoints that may
 * not fit together.
 */
export function aggregateServices(clusters: ClusterServices[]): MeshService[] {
  const byKey = new Map<string, MeshService>();
  const sortedClusters = [...clusters].sort((a, b) =>
    a.cluster.localeCompare(b.cluster),
  );
  for (const { cluster, services, injection } of sortedClusters) {
    for (const service of services) {
      const key = `${service.namespace}/${service.name}`;
      const meshService = byKey.get(key) ?? {
        namespace: service.namespace,
        name: service.name,
        hostname: `${service.name}.${service.namespace}.svc.cluster.local`,
        instances: [],
        conflicts: [],
      };
      meshService.instances.push({
        cluster,
        ports: service.ports,
        selector: service.selector,
        injected: isInjected(
          injection.find(i => i.namespace === service.namespace),
        ),
      });
      byKey.set(key, meshService);
    }
  }
  return [...byKey.values()]
    .map(s =>
      // One instance cannot disagree; most services are in one cluster, and
      // describing their ports and selectors cost more than the rest of the model.
      s.instances.length < 2
        ? s
        : {
            ...s,
            conflicts: [
              ...disagreement('ports', s.instances, i =>
                describePorts(i.ports),
              ),
              ...disagreement('selectors', s.instances, i =>
                describeSelector(i.selector),
              ),
            ],
          },
    )
    .sort(byNamespaceAndName);
}
