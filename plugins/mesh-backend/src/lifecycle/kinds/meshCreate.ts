import { ConflictError, InputError } from '@backstage/errors';
import { MESH_TYPES, MeshRegistrationRequest, MeshType, meshCreatePermission } from '@meshfleet/plugin-mesh-common';
import type { MeshInstallerStrategy } from '@meshfleet/plugin-mesh-node';
import type { OperationKindDefinition } from '../../operations/types';
import type { LifecycleConfig } from '../config';
import type { LifecycleServices } from '../services';
import { assertChartsAvailable, reachableCluster } from './common';
import { meshCreateSteps } from './meshCreateSteps';
import { assertKnownCluster, assertNotInAnotherMesh } from './memberChecks';
import {
  assertAddress,
  assertDnsLabel,
  assertKind,
  assertLabelValue,
  assertOnlyKeys,
  objectAt,
  optionalString,
  requiredString,
} from './params';

/** The parameters of `mesh.create`, as stored with the operation. */
export interface MeshCreateParams {
  kind: 'mesh.create';
  /** The registration (`POST /meshes` body); `istioVersion` filled in with the default for installs. */
  mesh: MeshRegistrationRequest;
  /**
   * Hosted meshes: where members reach istiod (IP or DNS name), when the
   * control-plane cluster exposes it itself; otherwise Meshfleet creates a
   * LoadBalancer Service `istiod-meshfleet` and uses its address.
   */
  controlPlaneAddress?: string;
}

const MESH_KEYS = [
  'id', 'title', 'type', 'controlPlaneCluster', 'controlPlaneNetwork', 'members', 'istioVersion', 'revision', 'trustDomain', 'owner',
] as const;

/** A trust domain: DNS-like labels separated by dots (Istio's SPIFFE trust domain). */
const TRUST_DOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function parseMembers(value: unknown, type: MeshType): MeshRegistrationRequest['members'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError('mesh.members: expected a list');
  if (type !== 'external' && value.length > 0) {
    throw new InputError(
      `mesh.members: a ${type} mesh is created without members; expected an empty list (onboard clusters with cluster.join once the mesh exists)`,
    );
  }
  return value.map((item, i) => {
    const member = objectAt(item, `mesh.members[${i}]`);
    assertOnlyKeys(member, ['cluster', 'network'], `mesh.members[${i}]`);
    return {
      cluster: requiredString(member, 'cluster', `mesh.members[${i}]`),
      network: assertLabelValue(requiredString(member, 'network', `mesh.members[${i}]`), `mesh.members[${i}].network`, 'network'),
    };
  });
}

function parseType(mesh: Record<string, unknown>): MeshType {
  const type = requiredString(mesh, 'type', 'mesh');
  if (!(MESH_TYPES as readonly string[]).includes(type)) {
    throw new InputError(`mesh.type: '${type}' is not a mesh type; expected one of ${MESH_TYPES.join(', ')}`);
  }
  return type as MeshType;
}

/** Reads a `mesh.create` request body. Pure (the config only supplies the default Istio version). */
export function parseMeshCreateParams(body: unknown, config: LifecycleConfig): MeshCreateParams {
  const object = objectAt(body, '');
  assertKind(object, 'mesh.create');
  assertOnlyKeys(object, ['kind', 'mesh', 'controlPlaneAddress'], '');
  const mesh = objectAt(object.mesh, 'mesh');
  assertOnlyKeys(mesh, MESH_KEYS, 'mesh');
  const type = parseType(mesh);
  const trustDomain = requiredString(mesh, 'trustDomain', 'mesh');
  if (trustDomain.length > 253 || !TRUST_DOMAIN.test(trustDomain)) {
    throw new InputError(`mesh.trustDomain: '${trustDomain}' is not a trust domain; expected a DNS-like name such as cluster.local`);
  }
  const istioVersion = optionalString(mesh, 'istioVersion', 'mesh') ?? (type === 'external' ? undefined : config.istio.defaultVersion);
  if (!istioVersion && type !== 'external') {
    throw new InputError('mesh.istioVersion: required, because no meshfleet.istio.defaultVersion is configured');
  }
  const controlPlaneAddress = optionalString(object, 'controlPlaneAddress', '');
  if (controlPlaneAddress !== undefined && type !== 'hosted') {
    throw new InputError(`controlPlaneAddress: only a hosted mesh has members that reach its istiod; this mesh is ${type}`);
  }
  return {
    kind: 'mesh.create',
    mesh: {
      id: assertDnsLabel(requiredString(mesh, 'id', 'mesh'), 'mesh.id', 'mesh id'),
      title: requiredString(mesh, 'title', 'mesh'),
      type,
      controlPlaneCluster: requiredString(mesh, 'controlPlaneCluster', 'mesh'),
      controlPlaneNetwork: assertLabelValue(requiredString(mesh, 'controlPlaneNetwork', 'mesh'), 'mesh.controlPlaneNetwork', 'network'),
      members: parseMembers(mesh.members, type),
      ...(istioVersion ? { istioVersion } : {}),
      revision: assertDnsLabel(requiredString(mesh, 'revision', 'mesh'), 'mesh.revision', 'istiod revision'),
      trustDomain,
      owner: requiredString(mesh, 'owner', 'mesh'),
    },
    ...(controlPlaneAddress ? { controlPlaneAddress: assertAddress(controlPlaneAddress, 'controlPlaneAddress') } : {}),
  };
}

/**
 * Refusals before anything changes: an existing mesh of that id that is not
 * this one, clusters Meshfleet does not know or that belong to another mesh,
 * a chart version the chart source does not have, an unreachable control
 * plane. The same request for a mesh that exists as requested passes: the
 * operation then converges (a second start changes nothing).
 */
export async function validateMeshCreate(params: MeshCreateParams, services: LifecycleServices): Promise<void> {
  const { mesh } = params;
  await assertKnownCluster(services, mesh.controlPlaneCluster, 'mesh.controlPlaneCluster');
  for (const [i, member] of (mesh.members ?? []).entries()) {
    await assertKnownCluster(services, member.cluster, `mesh.members[${i}].cluster`);
  }
  const same = await services.store.getMesh(mesh.id);
  if (same && (same.type !== mesh.type || same.controlPlaneCluster !== mesh.controlPlaneCluster)) {
    throw new ConflictError(
      `mesh.id: mesh '${mesh.id}' is already registered as ${same.type} on '${same.controlPlaneCluster}', not as ${mesh.type} on '${mesh.controlPlaneCluster}'`,
    );
  }
  await assertNotInAnotherMesh(services, mesh.controlPlaneCluster, mesh.id, 'mesh.controlPlaneCluster');
  // Charts are the Helm steps' business; an installer strategy checks its own sources.
  if (mesh.type !== 'external' && !services.installer) {
    await assertChartsAvailable(services, ['base', 'istiod'], mesh.istioVersion!, 'mesh.istioVersion');
  }
  await reachableCluster(services, mesh.controlPlaneCluster, 'control-plane');
}

/**
 * `mesh.create`: register a mesh and, for hosted and dedicated meshes, create
 * its trust and install istiod (with Helm, or with a module's installer strategy).
 */
export function meshCreateKind(
  config: LifecycleConfig,
  installer?: MeshInstallerStrategy,
): OperationKindDefinition<MeshCreateParams, LifecycleServices> {
  return {
    kind: 'mesh.create',
    parseParams: body => parseMeshCreateParams(body, config),
    meshIdOf: params => params.mesh.id,
    permission: meshCreatePermission,
    validate: validateMeshCreate,
    steps: params => meshCreateSteps(params, installer),
    describeMesh: params => ({
      id: params.mesh.id,
      owner: params.mesh.owner,
      type: params.mesh.type,
      managed: true,
      clusters: [params.mesh.controlPlaneCluster, ...(params.mesh.members ?? []).map(m => m.cluster)],
    }),
  };
}
