import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import type { MeshDetailResponse, MeshPolicyValidateResponse } from '@meshfleet/plugin-mesh-common';
import { parseAllDocuments } from 'yaml';

/** What the policy actions need; each call decides with the caller's credentials. */
export interface PolicyActionOptions {
  /** The mesh when these credentials may read it (`mesh.read`); rejects with NotFoundError otherwise. */
  readableMesh(credentials: BackstageCredentials, meshId: string): Promise<MeshDetailResponse>;
  /** Validation as `POST /meshes/{meshId}/policies/validate` runs it (schema, analysis, dry run); changes nothing. */
  validate(mesh: MeshDetailResponse, objects: Array<Record<string, unknown>>): Promise<MeshPolicyValidateResponse>;
}

const ATTRIBUTES = { readOnly: true, idempotent: true, destructive: false } as const;

/** As many objects as one validate request takes. */
const MAX_OBJECTS = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The objects of a YAML manifest (documents separated by `---`, counted from
 * 1; empty ones skipped). Objects may be incomplete, as in an editor: a
 * missing name or namespace is validation's finding, not an input error. A
 * document that is not YAML or not a mapping is.
 */
export function objectsOfManifest(manifest: string): Array<Record<string, unknown>> {
  const objects: Array<Record<string, unknown>> = [];
  parseAllDocuments(manifest).forEach((document, index) => {
    const where = `manifest document ${index + 1}`;
    if (document.errors.length > 0) {
      throw new InputError(`${where}: not valid YAML: ${document.errors[0].message}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    if (!isRecord(value)) {
      throw new InputError(`${where}: expected a Kubernetes object (a mapping with apiVersion, kind, metadata and spec)`);
    }
    objects.push(value);
  });
  return objects;
}

/** The objects to validate: `objects` or `manifest`, exactly one, 1 to 50 objects. */
export function objectsOfInput(input: { objects?: Array<Record<string, unknown>>; manifest?: string }): Array<Record<string, unknown>> {
  const hasManifest = input.manifest !== undefined && input.manifest.trim() !== '';
  if ((input.objects !== undefined) === hasManifest) {
    throw new InputError('objects, manifest: expected exactly one of them (the policies as a list of objects, or as a YAML string)');
  }
  const objects = hasManifest ? objectsOfManifest(input.manifest!) : input.objects!;
  const field = hasManifest ? 'manifest' : 'objects';
  if (objects.length === 0) throw new InputError(`${field}: expected at least one policy`);
  if (objects.length > MAX_OBJECTS) throw new InputError(`${field}: at most ${MAX_OBJECTS} policies at once, got ${objects.length}`);
  return objects;
}

/**
 * Registers the read-only policy action in Backstage's actions registry
 * (`mesh:validate-policy`), for agents and MCP clients: the checks a write
 * would run, and nothing written. Like the other mesh actions it is listed to
 * everyone (`mesh.read` is decided per mesh, and a visibility permission must
 * be a basic one); the caller's credentials decide each answer (a mesh they
 * may not read is not found).
 */
export function registerPolicyActions(registry: ActionsRegistryService, options: PolicyActionOptions): void {
  registry.register({
    name: 'validate-policy',
    title: 'Validate Istio policies',
    description: `Validates Istio policies for one mesh without applying them: the CRD's OpenAPI schema, analysis in the spirit of istioctl analyze across all clusters of the mesh (Istio's analyzer codes such as IST0101 referenced host or subset not found, IST0109 conflicting hosts, IST0128/IST0129 DestinationRule TLS; Meshfleet's own MSH codes: MSH0001 route weights not summing to 100, MSH0002 STRICT mTLS for a workload whose callers have no sidecar, MSH0003 an AuthorizationPolicy that denies all traffic by accident), and a server-side dry run in the mesh's config cluster (istiod's validating webhook). Kinds: VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, WorkloadEntry, PeerAuthentication, RequestAuthentication, AuthorizationPolicy, Telemetry. Answers valid (false when any message is an error, i.e. an apply would be refused) and every message with its code, level, check layer, the object (kind, namespace, name), the field path, what is wrong and what to do.

When to use: before proposing or applying a change to a mesh's traffic or security policies, to check a draft and fix what it reports; or to explain why an apply was refused.`,
    attributes: ATTRIBUTES,
    schema: {
      input: z =>
        z.object({
          meshId: z.string().describe('Mesh id, as GET /api/mesh/meshes lists it (e.g. demo)'),
          objects: z
            .array(z.record(z.string(), z.unknown()))
            .optional()
            .describe('The policies as Kubernetes objects (apiVersion, kind, metadata with name and namespace, spec); give objects or manifest'),
          manifest: z
            .string()
            .optional()
            .describe("The policies as YAML, documents separated by '---' (as kubectl takes them); give objects or manifest"),
        }),
      output: z =>
        z.object({
          valid: z.boolean().describe('False when any message is an error: applying these policies would be refused'),
          messages: z
            .array(
              z.object({
                code: z.string().optional().describe("Istio's analyzer code (IST0101…) or Meshfleet's (MSH0001…); absent for a dry-run refusal"),
                level: z.enum(['error', 'warning', 'info']),
                layer: z.enum(['schema', 'analysis', 'dry-run']),
                kind: z.string(),
                namespace: z.string(),
                name: z.string(),
                objectIndex: z.number().optional().describe('Index of the object in the input (objects, or manifest documents that are not empty)'),
                field: z.string().optional().describe('Field path, e.g. spec.http[0].route[1].destination.subset'),
                message: z.string().describe('What is wrong'),
                fix: z.string().optional().describe('What to do about it'),
              }),
            )
            .describe('Every finding; errors stop a write, warnings and infos do not'),
        }),
    },
    action: async ({ input, credentials }) => {
      const objects = objectsOfInput(input);
      const mesh = await options.readableMesh(credentials, input.meshId);
      const { valid, messages } = await options.validate(mesh, objects);
      return { output: { valid, messages } };
    },
  });
}
