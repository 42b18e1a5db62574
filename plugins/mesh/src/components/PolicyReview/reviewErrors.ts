import {
  meshSecurityPolicyWritePermission,
  meshTrafficPolicyWritePermission,
  type MeshPolicy,
  type MeshPolicyMessage,
} from '@meshfleet/plugin-mesh-common';
import type { PolicyObject } from '../PolicyForms/builders/types';

/*
 * What a failed dry run or apply means for the review: findings to show like
 * a dry run's (400 with messages), a missing permission (403), an object
 * changed since it was read (409 with the current object), or anything else.
 */

export type ReviewFailure =
  | { kind: 'validation'; message: string; messages: MeshPolicyMessage[] }
  | { kind: 'forbidden'; message: string }
  | { kind: 'conflict'; message: string; current?: MeshPolicy }
  | { kind: 'other'; error: Error };

const SECURITY_KINDS = new Set([
  'PeerAuthentication',
  'RequestAuthentication',
  'AuthorizationPolicy',
]);

/** The write permissions a batch takes (as the backend decides them: per kind's area). */
export function permissionsFor(objects: PolicyObject[]): string[] {
  const names = objects.map(o =>
    SECURITY_KINDS.has(o.kind)
      ? meshSecurityPolicyWritePermission.name
      : meshTrafficPolicyWritePermission.name,
  );
  return [...new Set(names)].sort();
}

/** The backend's own words, without the client's "Request failed with …" prefix. */
function backendMessage(error: {
  message: string;
  body?: { error?: { message?: string } };
}): string {
  return error.body?.error?.message ?? error.message;
}

/** Sorts an error of the policies API into what the review shows for it. */
export function classifyFailure(
  error: Error,
  objects: PolicyObject[],
  meshId: string,
): ReviewFailure {
  const e = error as Error & {
    statusCode?: number;
    messages?: MeshPolicyMessage[];
    body?: {
      error?: { message?: string };
      messages?: MeshPolicyMessage[];
      current?: MeshPolicy;
    };
  };
  const messages = e.messages ?? e.body?.messages;
  if (e.statusCode === 400 && Array.isArray(messages)) {
    return { kind: 'validation', message: backendMessage(e), messages };
  }
  if (e.statusCode === 403) {
    const needed = permissionsFor(objects).join(' and ');
    return {
      kind: 'forbidden',
      message: `You may not change these policies: applying them takes ${needed} on mesh ${meshId}, which you do not have. Ask the mesh's owner for it. (${backendMessage(
        e,
      )})`,
    };
  }
  if (e.statusCode === 409) {
    return {
      kind: 'conflict',
      message: backendMessage(e),
      current: e.body?.current,
    };
  }
  return { kind: 'other', error };
}

/** `Kind namespace/name`: how the review names an object. */
export function objectLabel(o: {
  kind: string;
  metadata?: { namespace?: string; name?: string };
  namespace?: string;
  name?: string;
}): string {
  const namespace = o.metadata?.namespace ?? o.namespace ?? '';
  const name = o.metadata?.name ?? o.name ?? '';
  return `${o.kind} ${namespace}/${name}`;
}

/** Messages grouped by the object they are about, in the order the objects were sent; errors first in each group. */
export function groupMessages(
  messages: MeshPolicyMessage[],
): Array<{ object: string; messages: MeshPolicyMessage[] }> {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const groups = new Map<
    string,
    { order: number; messages: MeshPolicyMessage[] }
  >();
  for (const m of messages) {
    const object = objectLabel(m);
    const group = groups.get(object) ?? {
      order: m.objectIndex ?? Number.MAX_SAFE_INTEGER,
      messages: [],
    };
    group.messages.push(m);
    groups.set(object, group);
  }
  return [...groups.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([object, g]) => ({
      object,
      messages: [...g.messages].sort((a, b) => rank[a.level] - rank[b.level]),
    }));
}
