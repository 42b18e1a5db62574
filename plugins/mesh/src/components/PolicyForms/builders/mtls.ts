import { FieldReader } from './fields';
import { replaceNamed, SECURITY, selectorFor } from './objects';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

export const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const;
export const MTLS_SCOPES = ['service', 'namespace', 'mesh'] as const;

/** The mutual TLS mode of the service's workloads, its namespace, or the whole mesh. */
export interface MtlsValues {
  scope: (typeof MTLS_SCOPES)[number];
  mode: (typeof MTLS_MODES)[number];
}

/** Istio's root namespace: a policy there without a selector applies to the whole mesh. */
export const ROOT_NAMESPACE = 'istio-system';

export function parseMtls(raw: RawValues): Parsed<MtlsValues> {
  const f = new FieldReader(raw);
  return f.result({
    scope: f.choice('scope', 'Applies to', MTLS_SCOPES),
    mode: f.choice('mode', 'Mode', MTLS_MODES),
  });
}

/**
 * A PeerAuthentication: for the service, named after it with a selector of
 * its pods; for the namespace or the mesh, Istio's convention `default`
 * without a selector (in the root namespace for the mesh).
 */
export function buildMtls(
  values: MtlsValues,
  ctx: BuildContext,
): PolicyObject[] {
  const { name, namespace } = ctx.target;
  const metadata =
    values.scope === 'service'
      ? { name, namespace }
      : {
          name: 'default',
          namespace: values.scope === 'mesh' ? ROOT_NAMESPACE : namespace,
        };
  const spec = {
    ...(values.scope === 'service' ? { selector: selectorFor(ctx) } : {}),
    mtls: { mode: values.mode },
  };
  return [
    replaceNamed(ctx, {
      apiVersion: SECURITY,
      kind: 'PeerAuthentication',
      metadata,
      spec,
    }),
  ];
}
