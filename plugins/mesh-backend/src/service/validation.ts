import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  MeshMember,
  MeshRecord,
  MeshRegistrationRequest,
  MeshUpdateRequest,
} from '@meshfleet/plugin-mesh-common';
import { MeshChanges, NewMesh } from '../database/MeshStore';

/**
 * What the registry's checks compare a request with: the clusters discovery
 * reads now, and the meshes already stored.
 */
export interface RegistryContext {
  knownClusters: string[];
  records: MeshRecord[];
}

/*
 * The checks the OpenAPI document cannot express. Each error names the field
 * path of the request (`members[1].cluster`) and what was expected; 400 for
 * bad input, 409 for a clash with what is stored. Pure functions: nothing is
 * written until all of them pass.
 */

export function assertKnownCluster(field: string, cluster: string, context: RegistryContext): void {
  if (!context.knownClusters.includes(cluster)) {
    const known = context.knownClusters.length ? context.knownClusters.join(', ') : 'none configured';
    throw new InputError(
      `${field}: unknown cluster '${cluster}'; expected one of the clusters Meshfleet reads (GET /clusters): ${known}`,
    );
  }
}

export function assertClusterFree(field: string, cluster: string, meshId: string, context: RegistryContext): void {
  for (const record of context.records) {
    if (record.id === meshId) {
      continue;
    }
    if (record.controlPlaneCluster === cluster) {
      throw new ConflictError(`${field}: cluster '${cluster}' already belongs to mesh '${record.id}' as its control plane`);
    }
    if (record.members.some(m => m.cluster === cluster)) {
      throw new ConflictError(`${field}: cluster '${cluster}' already belongs to mesh '${record.id}' as a member`);
    }
  }
}

function assertMembersDistinct(members: MeshMember[], controlPlaneCluster: string): void {
  const seen = new Set<string>();
  members.forEach((member, i) => {
    if (member.cluster === controlPlaneCluster) {
      throw new InputError(
        `members[${i}].cluster: '${member.cluster}' is the control-plane cluster; list only the other clusters as members`,
      );
    }
    if (seen.has(member.cluster)) {
      throw new InputError(`members[${i}].cluster: '${member.cluster}' is listed twice; expected each cluster once`);
    }
    seen.add(member.cluster);
  });
}

/** Checks a registration and turns it into the record to store. */
export function checkRegistration(body: MeshRegistrationRequest, context: RegistryContext): NewMesh {
  const members = body.members ?? [];
  if (body.type === 'dedicated' && members.length > 0) {
    throw new InputError(
      'members: a dedicated mesh has no member clusters (its control-plane cluster is its only cluster); expected an empty list',
    );
  }
  assertKnownCluster('controlPlaneCluster', body.controlPlaneCluster, context);
  assertMembersDistinct(members, body.controlPlaneCluster);
  members.forEach((m, i) => assertKnownCluster(`members[${i}].cluster`, m.cluster, context));
  if (context.records.some(r => r.id === body.id)) {
    throw new ConflictError(`id: a mesh with id '${body.id}' is already registered`);
  }
  assertClusterFree('controlPlaneCluster', body.controlPlaneCluster, body.id, context);
  members.forEach((m, i) => assertClusterFree(`members[${i}].cluster`, m.cluster, body.id, context));
  return {
    id: body.id,
    title: body.title,
    type: body.type,
    controlPlaneCluster: body.controlPlaneCluster,
    controlPlaneNetwork: body.controlPlaneNetwork,
    members,
    ...(body.istioVersion ? { istioVersion: body.istioVersion } : {}),
    revision: body.revision,
    trustDomain: body.trustDomain,
    owner: body.owner,
  };
}

/** Checks an update against the current record and returns the changes to store. */
export function checkUpdate(body: MeshUpdateRequest, current: MeshRecord): MeshChanges {
  for (const field of ['id', 'type', 'controlPlaneCluster'] as const) {
    if (body[field] !== undefined && body[field] !== current[field]) {
      throw new InputError(
        `${field}: cannot change ('${current[field]}' in mesh '${current.id}', the request says '${body[field]}'); expected '${current[field]}' or no ${field}`,
      );
    }
  }
  const members = body.members ?? current.members;
  if (body.members) {
    assertMembersDistinct(body.members, current.controlPlaneCluster);
    const currentNames = new Set(current.members.map(m => m.cluster));
    body.members.forEach((m, i) => {
      if (!currentNames.has(m.cluster)) {
        throw new InputError(
          `members[${i}].cluster: '${m.cluster}' is not a member of mesh '${current.id}'; PUT changes members' networks only, add a member with POST /meshes/${current.id}/members`,
        );
      }
    });
    const missing = current.members.filter(m => !body.members!.some(b => b.cluster === m.cluster));
    if (missing.length > 0) {
      throw new InputError(
        `members: '${missing[0].cluster}' is missing; expected every current member (${[...currentNames].join(', ')}); remove a member with DELETE /meshes/${current.id}/members/{cluster}`,
      );
    }
  }
  return {
    title: body.title,
    owner: body.owner,
    controlPlaneNetwork: body.controlPlaneNetwork,
    ...(body.istioVersion ? { istioVersion: body.istioVersion } : {}),
    revision: body.revision,
    trustDomain: body.trustDomain,
    members,
  };
}

/** The changeable fields of a record as they are, for member changes that keep the rest. */
export function changesOf(record: MeshRecord): MeshChanges {
  const { title, owner, controlPlaneNetwork, istioVersion, revision, trustDomain, members } = record;
  return { title, owner, controlPlaneNetwork, istioVersion, revision, trustDomain, members };
}

/** Checks a member to add and returns the changes with it. */
export function checkMemberAddition(member: MeshMember, current: MeshRecord, context: RegistryContext): MeshChanges {
  if (current.type === 'dedicated') {
    throw new InputError(
      `cluster: mesh '${current.id}' is dedicated: its control-plane cluster is its only cluster, it takes no members`,
    );
  }
  if (member.cluster === current.controlPlaneCluster) {
    throw new InputError(`cluster: '${member.cluster}' is the control-plane cluster of mesh '${current.id}'`);
  }
  if (current.members.some(m => m.cluster === member.cluster)) {
    throw new ConflictError(`cluster: '${member.cluster}' is already a member of mesh '${current.id}'`);
  }
  assertKnownCluster('cluster', member.cluster, context);
  assertClusterFree('cluster', member.cluster, current.id, context);
  return { ...changesOf(current), members: [...current.members, member] };
}

/** Checks a member to remove and returns the changes without it. */
export function checkMemberRemoval(cluster: string, current: MeshRecord): MeshChanges {
  if (cluster === current.controlPlaneCluster) {
    throw new InputError(
      `cluster: '${cluster}' is the control-plane cluster of mesh '${current.id}' and cannot be removed; delete the mesh instead`,
    );
  }
  if (!current.members.some(m => m.cluster === cluster)) {
    throw new NotFoundError(`Cluster '${cluster}' is not a member of mesh '${current.id}'`);
  }
  return { ...changesOf(current), members: current.members.filter(m => m.cluster !== cluster) };
}
