import type { V1ConfigMap } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { describeObject } from './objectNames';

/** Istio's trust domain when the mesh config does not set one. */
export const ISTIO_DEFAULT_TRUST_DOMAIN = 'cluster.local';

/** The parts of Istio's mesh config discovery uses. */
export interface MeshConfigSummary {
  meshId?: string;
  trustDomain: string;
}

/** A mesh config, or why it could not be read. */
export type MeshConfigResult =
  | { ok: true; config: MeshConfigSummary }
  | { ok: false; object: string; message: string };

/**
 * The name of the mesh config ConfigMap of an istiod revision: `istio` for the
 * default revision, `istio-<rev>` otherwise.
 */
export function meshConfigMapName(revision: string): string {
  return revision === 'default' ? 'istio' : `istio-${revision}`;
}

/**
 * Finds the mesh config ConfigMap of a revision in a namespace. A revisioned
 * install may still use the plain `istio` ConfigMap, so that is the fallback.
 */
export function findMeshConfigMap(
  configMaps: V1ConfigMap[],
  namespace: string,
  revision: string,
): V1ConfigMap | undefined {
  const inNamespace = configMaps.filter(
    cm => cm.metadata?.namespace === namespace,
  );
  const wanted = meshConfigMapName(revision);
  return (
    inNamespace.find(cm => cm.metadata?.name === wanted) ??
    inNamespace.find(cm => cm.metadata?.name === 'istio')
  );
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `meshId` (top level, or Helm's `defaultConfig.meshId`) and
 * `trustDomain` from the `mesh` key of an Istio mesh config ConfigMap.
 * Never throws: a malformed ConfigMap comes back as a problem naming it.
 */
export function readMeshConfig(configMap: V1ConfigMap): MeshConfigResult {
  const object = describeObject('ConfigMap', configMap);
  const text = configMap.data?.mesh;
  if (text === undefined) {
    return {
      ok: false,
      object,
      message: 'mesh config ConfigMap has no "mesh" key',
    };
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch {
    // The parser's message quotes the document; keep it out of warnings.
    return {
      ok: false,
      object,
      message: 'mesh config (key "mesh") is not valid YAML',
    };
  }
  if (parsed === null || parsed === undefined) {
    // An empty mesh config is valid: Istio uses its defaults.
    return { ok: true, config: { trustDomain: ISTIO_DEFAULT_TRUST_DOMAIN } };
  }
  if (!isRecord(parsed)) {
    return {
      ok: false,
      object,
      message: 'mesh config (key "mesh") is not a YAML mapping',
    };
  }
  const defaultConfig = isRecord(parsed.defaultConfig)
    ? parsed.defaultConfig
    : {};
  return {
    ok: true,
    config: {
      meshId:
        optionalString(parsed.meshId) ?? optionalString(defaultConfig.meshId),
      trustDomain:
        optionalString(parsed.trustDomain) ?? ISTIO_DEFAULT_TRUST_DOMAIN,
    },
  };
}
