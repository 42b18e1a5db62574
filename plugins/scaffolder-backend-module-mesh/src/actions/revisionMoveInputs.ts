import type { z as zod } from 'zod/v3';
import { clusterRefField, DNS_LABEL_PATTERN } from './inputs';
import { EntityReader, resolveClusterName } from './references';

/*
 * The inputs `mesh:upgrade` and `mesh:rollback` share (tags, namespaces,
 * restart batches), and their translation into the operation's fields with
 * cluster entity refs resolved to Backstage cluster names.
 */

type Z = typeof zod;

const label = (z: Z, what: string) => z.string().regex(DNS_LABEL_PATTERN, `expected a ${what} (DNS-1123 label)`);

export const revisionMoveInputs = {
  tags: (z: Z) =>
    z
      .array(label(z, 'revision tag'))
      .optional()
      .describe('Revision tags to move (webhooks istio-revision-tag-<tag> in every cluster of the mesh); leave out for every tag pointing at the revision moved away from, [] for none.'),
  namespaces: (z: Z) =>
    z
      .array(z.object({ cluster: clusterRefField(z, 'cluster of the namespace'), namespace: label(z, 'namespace name') }))
      .optional()
      .describe("Namespaces whose istio.io/rev label is set to the target revision (those injected by revision rather than by a tag)."),
  batchSize: (z: Z) =>
    z.number().int().min(1).max(100).optional().describe('How many Deployments restart together after the move (default 1), each batch rolled out before the next.'),
  workloads: (z: Z) =>
    z
      .array(z.object({ cluster: clusterRefField(z, 'cluster of the Deployment'), namespace: label(z, 'namespace name'), name: label(z, 'Deployment name') }))
      .optional()
      .describe('Only these Deployments are restarted; leave out for every Deployment injected through a moved tag or namespace whose sidecars are not on the target revision.'),
  acceptEmptyPushRisk: (z: Z) =>
    z
      .boolean()
      .optional()
      .describe("Move tags even from an Istio version affected by the gateway empty-push bug (istio/istio#59959: 1.25 to 1.29.4, 1.30.0 to 1.30.1); refused otherwise."),
};

export const revisionMoveOutputs = {
  operationId: (z: Z) => z.string().optional().describe('Id of the mesh operation (absent in a dry run).'),
  meshId: (z: Z) => z.string().describe('Id of the mesh.'),
  status: (z: Z) => z.string().describe("'succeeded', or 'planned' in a dry run."),
  movedTags: (z: Z) => z.string().optional().describe('The tags moved, comma-separated.'),
  restarted: (z: Z) => z.number().optional().describe('How many Deployments were restarted.'),
  verifiedRevision: (z: Z) => z.string().optional().describe("The revision every restarted Deployment's sidecars report."),
  removedRevision: (z: Z) => z.string().optional().describe('The revision uninstalled, when removal was asked for.'),
  plan: (z: Z) => z.record(z.unknown()).optional().describe("Dry run only: the operation's plan (objects per cluster, Helm releases with values)."),
};

interface MoveInput {
  tags?: string[];
  namespaces?: Array<{ cluster: string; namespace: string }>;
  batchSize?: number;
  workloads?: Array<{ cluster: string; namespace: string; name: string }>;
  acceptEmptyPushRisk?: boolean;
}

/** The operation's move fields, cluster refs resolved. */
export async function revisionMoveFields(reader: EntityReader, input: MoveInput) {
  const namespaces = input.namespaces
    ? await Promise.all(
        input.namespaces.map(async (n, i) => ({ cluster: await resolveClusterName(reader, n.cluster, `namespaces[${i}].cluster`), namespace: n.namespace })),
      )
    : undefined;
  const workloads = input.workloads
    ? await Promise.all(
        input.workloads.map(async (w, i) => ({ ...w, cluster: await resolveClusterName(reader, w.cluster, `workloads[${i}].cluster`) })),
      )
    : undefined;
  const restart = input.batchSize !== undefined || workloads ? { ...(input.batchSize !== undefined ? { batchSize: input.batchSize } : {}), ...(workloads ? { workloads } : {}) } : undefined;
  return {
    ...(input.tags ? { tags: input.tags } : {}),
    ...(namespaces ? { namespaces } : {}),
    ...(restart ? { restart } : {}),
    ...(input.acceptEmptyPushRisk !== undefined ? { acceptEmptyPushRisk: input.acceptEmptyPushRisk } : {}),
  };
}

/** Copies the operation's outputs the move actions declare. */
export function outputMoveResults(
  ctx: { output(name: string, value: unknown): void },
  outputs: Record<string, string | number | boolean> | undefined,
): void {
  for (const key of ['movedTags', 'verifiedRevision', 'removedRevision'] as const) {
    if (outputs?.[key] !== undefined) ctx.output(key, String(outputs[key]));
  }
  if (typeof outputs?.restarted === 'number') ctx.output('restarted', outputs.restarted);
}
