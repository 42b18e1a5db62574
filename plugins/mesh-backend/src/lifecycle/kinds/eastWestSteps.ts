import type { V1Deployment, V1Namespace, V1Service } from '@kubernetes/client-node';
import type { MeshRecord } from '@meshfleet/plugin-mesh-common';
import { StepError } from '../../operations/errors';
import type { ClusterClient } from '../clusters/ClusterClient';
import type { HelmReleaseSpec } from '../helm/HelmRunner';
import type { ClusterJoinParams } from './clusterJoin';
import {
  helmOptions,
  istioVersionOf,
  LifecycleContext,
  LifecycleStep,
  loadBalancerAddress,
  meshAndMember,
  noChanges,
  waitOptions,
} from './common';
import {
  CROSS_NETWORK_PORT,
  crossNetworkGatewayManifest,
  EAST_WEST_RELEASE,
  eastWestGatewayValues,
  needsEastWest,
} from './eastWest';
import { gatewayNameHolder } from './gatewayMesh';
import { convergeRelease, describeRelease, planRelease } from './helmReleases';
import { istiodDebug } from './istiod';
import { ISTIO_NAMESPACE, NETWORK_LABEL } from './names';
import { crossNetworkProblem, endpointNetworksOf, ENDPOINT_SHARDZ_PATH, gatewayProblem, networkGateways, NETWORKZ_PATH } from './networkz';
import { deploymentRolloutProblem } from './rollout';
import { applyObject, describeOutcome, planApply } from './objectChanges';
import { refOf } from '../clusters/objectRefs';
import { waitUntil } from './waits';

/*
 * The steps `cluster.join` adds for a member on another network than the
 * control plane's (eastWest.ts says what they build). On the same network
 * each is a no-op that says so, so every join has the same steps.
 */

type Ctx = LifecycleContext<ClusterJoinParams>;
type Step = LifecycleStep<ClusterJoinParams>;

/** The mesh, both clusters, and the control plane's network (the record's, else its istio-system label). */
async function networkFacts(ctx: Ctx) {
  const { record, controlPlane, member } = await meshAndMember(ctx.services, ctx.params.meshId, ctx.params.cluster);
  const controlPlaneNetwork = record.controlPlaneNetwork ?? (await namespaceNetwork(controlPlane));
  return { record, controlPlane, member, controlPlaneNetwork, needed: needsEastWest(controlPlaneNetwork, ctx.params.network) };
}

async function namespaceNetwork(client: ClusterClient): Promise<string | undefined> {
  const namespace = await client.get<V1Namespace>({ apiVersion: 'v1', kind: 'Namespace', name: ISTIO_NAMESPACE });
  return namespace?.metadata?.labels?.[NETWORK_LABEL];
}

function sameNetwork(ctx: Ctx, controlPlaneNetwork: string | undefined): string {
  return controlPlaneNetwork
    ? `${ctx.params.cluster} is on the control plane's network (${controlPlaneNetwork}): no east-west gateway needed`
    : `the control plane's network is not known: no east-west gateway installed`;
}

function eastWestRelease(record: MeshRecord, ctx: Ctx, cluster: string, network: string): HelmReleaseSpec {
  return {
    cluster,
    release: EAST_WEST_RELEASE,
    namespace: ISTIO_NAMESPACE,
    chart: 'gateway',
    version: istioVersionOf(record, ctx.services.config),
    values: eastWestGatewayValues({ meshId: record.id, revision: record.revision, network }),
  };
}

/** An east-west gateway for one side of the join: the control plane's or the member's. */
function eastWestGatewayStep(side: 'control-plane' | 'member'): Step {
  const target = async (ctx: Ctx) => {
    const facts = await networkFacts(ctx);
    const client = side === 'member' ? facts.member : facts.controlPlane;
    const network = side === 'member' ? ctx.params.network : facts.controlPlaneNetwork!;
    return { ...facts, client, spec: eastWestRelease(facts.record, ctx, client.cluster, network) };
  };
  return {
    id: `eastwest-${side}`,
    title: `Install an east-west gateway in the ${side === 'member' ? 'member' : 'control-plane cluster'} (multi-network)`,
    async plan(ctx) {
      const { needed, controlPlaneNetwork, spec } = await target(ctx);
      if (!needed) return { ...noChanges(), warnings: [sameNetwork(ctx, controlPlaneNetwork)] };
      return { ...noChanges(), helmReleases: [await planRelease(ctx.services.helm, spec, helmOptions(ctx))] };
    },
    async run(ctx) {
      const { needed, controlPlaneNetwork, record, client, spec } = await target(ctx);
      if (!needed) return { detail: sameNetwork(ctx, controlPlaneNetwork) };
      const ref = { meshId: record.id, cluster: client.cluster, namespace: ISTIO_NAMESPACE, name: EAST_WEST_RELEASE };
      const held = await gatewayNameHolder(ctx.services.helm, client, ref, helmOptions(ctx));
      if (held.holder === 'other') {
        throw new StepError(`${EAST_WEST_RELEASE} in ${client.cluster} is taken by ${held.what}`, {
          hint: `Remove it or let it go to Meshfleet (a gateway chart release labelled meshfleet.io/mesh-id=${record.id}), then retry`,
        });
      }
      return { detail: describeRelease(await convergeRelease(ctx.services.helm, spec, helmOptions(ctx)), spec) };
    },
  };
}

const crossNetworkGateway: Step = {
  id: 'cross-network-gateway',
  title: `Open the east-west gateways to other networks (Gateway on ${CROSS_NETWORK_PORT}, AUTO_PASSTHROUGH, in the control plane)`,
  async plan(ctx) {
    const { needed, controlPlaneNetwork, controlPlane, record } = await networkFacts(ctx);
    if (!needed) return { ...noChanges(), warnings: [sameNetwork(ctx, controlPlaneNetwork)] };
    const desired = crossNetworkGatewayManifest(record.id);
    return { ...noChanges(), changes: [await planApply(controlPlane, desired, 'mTLS between networks through the east-west gateways')] };
  },
  async run(ctx) {
    const { needed, controlPlaneNetwork, controlPlane, record } = await networkFacts(ctx);
    if (!needed) return { detail: sameNetwork(ctx, controlPlaneNetwork) };
    const desired = crossNetworkGatewayManifest(record.id);
    return { detail: describeOutcome(await applyObject(controlPlane, desired), refOf(desired), controlPlane.cluster) };
  },
};

/** Why a cluster's east-west gateway is not Ready with an address yet, or its address. */
async function eastWestState(client: ClusterClient): Promise<{ problem?: string; address?: string }> {
  const name = `${ISTIO_NAMESPACE}/${EAST_WEST_RELEASE}`;
  const deployment = await client.get<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ISTIO_NAMESPACE, name: EAST_WEST_RELEASE });
  const rollout = deploymentRolloutProblem(deployment, name);
  if (rollout) return { problem: `${client.cluster}: ${rollout}` };
  const service = await client.get<V1Service>({ apiVersion: 'v1', kind: 'Service', namespace: ISTIO_NAMESPACE, name: EAST_WEST_RELEASE });
  const address = loadBalancerAddress(service);
  return address ? { address } : { problem: `${client.cluster}: Service ${name} has no load-balancer address yet` };
}

const waitEastWest: Step = {
  id: 'eastwest-ready',
  title: 'Wait until both east-west gateways are Ready and have an address',
  plan: async () => noChanges(),
  async run(ctx) {
    const { needed, controlPlaneNetwork, controlPlane, member } = await networkFacts(ctx);
    if (!needed) return { detail: sameNetwork(ctx, controlPlaneNetwork) };
    const addresses: Record<string, string> = {};
    await waitUntil(
      `the east-west gateways of ${controlPlane.cluster} and ${member.cluster} to be Ready with an address`,
      async () => {
        for (const client of [controlPlane, member]) {
          const state = await eastWestState(client);
          if (state.problem) return state.problem;
          addresses[client.cluster] = state.address!;
        }
        return undefined;
      },
      {
        ...waitOptions(ctx),
        hint: `Look at Deployment and Service ${ISTIO_NAMESPACE}/${EAST_WEST_RELEASE} in both clusters (injection, image, a load balancer for LoadBalancer Services), then retry`,
      },
    );
    return {
      detail: `east-west gateways: ${controlPlane.cluster} at ${addresses[controlPlane.cluster]}, ${member.cluster} at ${addresses[member.cluster]}`,
      outputs: { memberEastWestAddress: addresses[member.cluster], controlPlaneEastWestAddress: addresses[controlPlane.cluster] },
    };
  },
};

const verifyCrossNetwork: Step = {
  id: 'verify-network',
  title: "Verify that istiod routes to the member's network through its east-west gateway",
  plan: async () => noChanges(),
  async run(ctx) {
    const { needed, controlPlaneNetwork, controlPlane, member, record } = await networkFacts(ctx);
    if (!needed) return { detail: sameNetwork(ctx, controlPlaneNetwork) };
    const gatewayAddress = (await eastWestState(member)).address;
    const controlPlaneAddress = (await eastWestState(controlPlane)).address;
    if (!gatewayAddress || !controlPlaneAddress) {
      throw new StepError(`the east-west gateways of ${controlPlane.cluster} and ${member.cluster} must both have an address`, { hint: 'Retry the join' });
    }
    let endpoints = 0;
    await waitUntil(
      `istiod in ${controlPlane.cluster} to route to network ${ctx.params.network} through ${gatewayAddress}`,
      async () => {
        const gateways = networkGateways(await istiodDebug(controlPlane, record.revision, NETWORKZ_PATH));
        const networks = endpointNetworksOf(await istiodDebug(controlPlane, record.revision, ENDPOINT_SHARDZ_PATH), member.cluster);
        endpoints = networks.get(ctx.params.network) ?? 0;
        return (
          crossNetworkProblem(gateways, networks, { cluster: member.cluster, network: ctx.params.network, gatewayAddress }) ??
          gatewayProblem(gateways, controlPlaneNetwork!, controlPlaneAddress)
        );
      },
      {
        ...waitOptions(ctx),
        hint: `Check the ${NETWORK_LABEL} label on Service ${ISTIO_NAMESPACE}/${EAST_WEST_RELEASE} and on namespace ${ISTIO_NAMESPACE} in ${member.cluster}, and istiod's log in ${controlPlane.cluster}, then retry`,
      },
    );
    return {
      detail: `istiod in ${controlPlane.cluster} sends the ${endpoints} endpoints of ${member.cluster} (network ${ctx.params.network}) through its east-west gateway at ${gatewayAddress}:${CROSS_NETWORK_PORT}`,
    };
  },
};

/** The multi-network steps of `cluster.join`, in order. */
export function eastWestJoinSteps(): Step[] {
  return [eastWestGatewayStep('control-plane'), eastWestGatewayStep('member'), crossNetworkGateway, waitEastWest, verifyCrossNetwork];
}
