import { FieldReader } from './fields';
import { replaceNamed, SECURITY, selectorFor } from './objects';
import { defined } from './routes';
import type { BuildContext, Parsed, PolicyObject, RawValues } from './types';

export const AUTHORIZATION_ACTIONS = ['ALLOW', 'DENY'] as const;

/** Who may (ALLOW) or may not (DENY) call the service, and for which requests. */
export interface AuthorizationValues {
  action: (typeof AUTHORIZATION_ACTIONS)[number];
  /** Callers' namespaces. */
  namespaces: string[];
  /** Callers' identities, e.g. `cluster.local/ns/shop/sa/frontend`. */
  principals: string[];
  methods: string[];
  paths: string[];
}

const NAMESPACE = /^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/;
const PRINCIPAL = /^[^\s,]+$/;
const METHOD = /^[A-Z]+$/;
const PATH = /^(\/[^\s,]*|\*[^\s,]*)$/;

export function parseAuthorization(
  raw: RawValues,
): Parsed<AuthorizationValues> {
  const f = new FieldReader(raw);
  const action = f.choice('action', 'Action', AUTHORIZATION_ACTIONS);
  const values = {
    action,
    namespaces: f.list(
      'namespaces',
      'From namespaces',
      'namespace names',
      NAMESPACE,
    ),
    principals: f.list(
      'principals',
      'From principals',
      'identities such as cluster.local/ns/shop/sa/frontend',
      PRINCIPAL,
    ),
    methods: f.list(
      'methods',
      'Methods',
      'uppercase HTTP methods such as GET',
      METHOD,
    ),
    paths: f.list(
      'paths',
      'Paths',
      'paths starting with / (a trailing * matches a prefix)',
      PATH,
    ),
  };
  // A rule without conditions matches every request: ALLOW would let everyone
  // in, DENY would shut the service off (MSH0003). Neither is what this form is for.
  if (
    !values.namespaces.length &&
    !values.principals.length &&
    !values.methods.length &&
    !values.paths.length
  ) {
    f.fail(
      'namespaces',
      'From namespaces',
      `at least one condition (namespaces, principals, methods or paths): a rule without any ${
        action === 'DENY' ? 'denies every request' : 'allows every request'
      }`,
    );
  }
  return f.result(values);
}

/** An AuthorizationPolicy for the service's pods named `<service>-allow` or `<service>-deny`, replaced whole. */
export function buildAuthorization(
  values: AuthorizationValues,
  ctx: BuildContext,
): PolicyObject[] {
  const source = defined({
    namespaces: values.namespaces.length ? values.namespaces : undefined,
    principals: values.principals.length ? values.principals : undefined,
  });
  const operation = defined({
    methods: values.methods.length ? values.methods : undefined,
    paths: values.paths.length ? values.paths : undefined,
  });
  const rule = defined({
    from: Object.keys(source).length ? [{ source }] : undefined,
    to: Object.keys(operation).length ? [{ operation }] : undefined,
  });
  const { name, namespace } = ctx.target;
  return [
    replaceNamed(ctx, {
      apiVersion: SECURITY,
      kind: 'AuthorizationPolicy',
      metadata: { name: `${name}-${values.action.toLowerCase()}`, namespace },
      spec: {
        selector: selectorFor(ctx),
        action: values.action,
        rules: [rule],
      },
    }),
  ];
}
