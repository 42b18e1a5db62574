import { FieldReader } from './fields';
import { replaceNamed, SECURITY, selectorFor } from './objects';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

/** Requests to the service must carry a valid JWT from one issuer. */
export interface JwtValues {
  issuer: string;
  jwksUri: string;
  audiences: string[];
}

const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

export function parseJwt(raw: RawValues): Parsed<JwtValues> {
  const f = new FieldReader(raw);
  const issuer = f.required(
    'issuer',
    'Issuer',
    "the token's iss claim, e.g. https://auth.example.com",
    /^\S+$/,
  );
  const jwksUri = f.required(
    'jwksUri',
    'JWKS URL',
    'an https:// URL of the issuer’s public keys',
    HTTPS_URL,
  );
  const audiences = f.list('audiences', 'Audiences', 'aud values', /^\S+$/);
  return f.result({ issuer, jwksUri, audiences });
}

/**
 * A RequestAuthentication that validates tokens from the issuer, and an
 * AuthorizationPolicy that denies requests without a valid one:
 * RequestAuthentication alone lets requests without any token through.
 */
export function buildJwt(values: JwtValues, ctx: BuildContext): PolicyObject[] {
  const { name, namespace } = ctx.target;
  const rule = {
    issuer: values.issuer,
    jwksUri: values.jwksUri,
    ...(values.audiences.length ? { audiences: values.audiences } : {}),
  };
  return [
    replaceNamed(ctx, {
      apiVersion: SECURITY,
      kind: 'RequestAuthentication',
      metadata: { name: `${name}-jwt`, namespace },
      spec: { selector: selectorFor(ctx), jwtRules: [rule] },
    }),
    replaceNamed(ctx, {
      apiVersion: SECURITY,
      kind: 'AuthorizationPolicy',
      metadata: { name: `${name}-require-jwt`, namespace },
      spec: {
        selector: selectorFor(ctx),
        action: 'DENY',
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }],
      },
    }),
  ];
}
