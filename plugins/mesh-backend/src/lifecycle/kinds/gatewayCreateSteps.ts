import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import { StepError } from '../../operations/errors';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import { desiredNamespace, helmOptions, LifecycleContext, LifecycleStep, noChanges } from './common';
import { gatewayChartVersion, gatewayCluster, gatewayMesh, gatewayNameHolder, gatewayRevision } from './gatewayMesh';
import type { GatewayCreateParams } from './gatewayParams';
import { gatewayNamespaceLabels, gatewayValues } from './gatewayValues';
import { convergeRelease, describeRelease, planRelease } from './helmReleases';
import { deploymentRolloutProblem } from './rollout';
import { applyStep } from './steps';
import { waitUntil } from './waits';

type Ctx = LifecycleContext<GatewayCreateParams>;
type Step = LifecycleStep<GatewayCreateParams>;

/** The mesh's facts the steps need: the revision and network, decided the same way on every run. */
async function gatewayFacts(ctx: Ctx) {
  const mesh = await gatewayMesh(ctx.services, ctx.params.meshId);
  return {
    revision: gatewayRevision(mesh, ctx.params.revision),
    network: gatewayCluster(mesh, ctx.params.cluster).network,
    version: gatewayChartVersion(mesh, ctx.services.config),
  };
}

async function releaseSpec(ctx: Ctx): Promise<HelmReleaseSpec> {
  const { meshId, cluster, namespace, name, type, replicas, ports } = ctx.params;
  const { revision, network, version } = await gatewayFacts(ctx);
  return {
    cluster,
    release: name,
    namespace,
    chart: 'gateway',
    version,
    values: gatewayValues({ meshId, name, type, revision, network, replicas, ports }),
  };
}

/** The gateway's namespace, labelled for injection by the revision (created for the mesh when absent). */
const namespace = applyStep<GatewayCreateParams>(
  'gateway-namespace',
  "Create or label the gateway's namespace for injection by the revision",
  async ctx => {
    const client = await ctx.services.clusters.forCluster(ctx.params.cluster);
    const { revision } = await gatewayFacts(ctx);
    const desired = await desiredNamespace(client, ctx.params.namespace, ctx.params.meshId, {
      labels: gatewayNamespaceLabels(revision),
    });
    return { client, desired, reason: `injection by istiod revision ${revision}` };
  },
);

const helmGateway: Step = {
  id: 'helm-gateway',
  title: "Install the gateway with Istio's gateway chart",
  async plan(ctx) {
    return { ...noChanges(), helmReleases: [await planRelease(ctx.services.helm, await releaseSpec(ctx), helmOptions(ctx))] };
  },
  async run(ctx) {
    const client = await ctx.services.clusters.forCluster(ctx.params.cluster);
    // Checked again here: the name may have been taken since the operation was validated.
    const held = await gatewayNameHolder(ctx.services.helm, client, ctx.params, helmOptions(ctx));
    if (held.holder === 'other') {
      throw new StepError(`name '${ctx.params.name}' is taken by ${held.what}`, { hint: 'Start a gateway.create with another name' });
    }
    const spec = await releaseSpec(ctx);
    return { detail: describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec) };
  },
};

const waitReady: Step = {
  id: 'wait-gateway',
  title: "Wait until the gateway's Deployment is rolled out and its pods are Ready",
  plan: async () => noChanges(),
  async run(ctx) {
    const { cluster, namespace: ns, name } = ctx.params;
    const client = await ctx.services.clusters.forCluster(cluster);
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name };
    await waitUntil(
      `gateway ${ns}/${name} in ${cluster} to be Ready`,
      async () => deploymentRolloutProblem(await client.get<V1Deployment>(ref), `${ns}/${name}`),
      {
        timeoutMs: ctx.services.config.waitTimeoutMs,
        signal: ctx.signal,
        hint: `Look at the events of Deployment ${ns}/${name} and its pods in ${cluster} (injection by istiod, image, resources), then retry`,
      },
    );
    return { detail: `gateway ${ns}/${name} in ${cluster} is Ready` };
  },
};

/** Every address of a Service: load-balancer IPs and hostnames, else (ClusterIP) its cluster IPs. */
function serviceAddresses(service: V1Service | undefined): string[] {
  const ingress = (service?.status?.loadBalancer?.ingress ?? []).map(i => i.ip ?? i.hostname).filter((a): a is string => !!a);
  if (service?.spec?.type === 'LoadBalancer') return ingress;
  return (service?.spec?.clusterIPs ?? [service?.spec?.clusterIP]).filter((a): a is string => !!a && a !== 'None');
}

const address: Step = {
  id: 'gateway-address',
  title: "Read the gateway's address (ingress: wait for the load balancer's)",
  plan: async () => noChanges(),
  async run(ctx) {
    const { cluster, namespace: ns, name, type } = ctx.params;
    const client = await ctx.services.clusters.forCluster(cluster);
    const ref = { apiVersion: 'v1', kind: 'Service', namespace: ns, name };
    let addresses: string[] = [];
    await waitUntil(
      `an address of Service ${ns}/${name} in ${cluster}`,
      async () => {
        const service = await client.get<V1Service>(ref);
        addresses = serviceAddresses(service);
        if (!service) return 'the Service is not there';
        return addresses.length ? undefined : 'the load balancer has given it no address yet';
      },
      {
        timeoutMs: ctx.services.config.waitTimeoutMs,
        signal: ctx.signal,
        hint: `${cluster} gives LoadBalancer Services no address (no cloud load balancer or MetalLB?); the gateway runs: give the cluster a load balancer, then retry`,
      },
    );
    const kind = type === 'ingress' ? 'load-balancer address' : 'cluster address';
    const { revision } = await gatewayFacts(ctx);
    return {
      detail: `gateway ${ns}/${name} in ${cluster} has ${kind} ${addresses.join(', ')}`,
      outputs: { cluster, namespace: ns, name, type, revision, address: addresses[0], addresses: addresses.join(',') },
    };
  },
};

/** The steps of `gateway.create`. */
export function gatewayCreateSteps(): Step[] {
  return [namespace, helmGateway, waitReady, address];
}
