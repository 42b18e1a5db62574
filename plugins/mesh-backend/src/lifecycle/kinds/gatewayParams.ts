import { InputError } from '@backstage/errors';
import {
  defaultGatewayNamespace,
  GATEWAY_TYPES,
  GatewayPort,
  GatewayType,
  MAX_GATEWAY_NAME,
} from './gatewayValues';
import { assertClusterName, assertDnsLabel, assertKind, assertOnlyKeys, objectAt, optionalString, requiredString } from './params';

/*
 * Pure readers of `gateway.create` and `gateway.delete` request bodies.
 * Each refusal names the field and what was expected.
 */

/** The parameters of `gateway.create`, as stored with the operation. */
export interface GatewayCreateParams {
  kind: 'gateway.create';
  meshId: string;
  cluster: string;
  namespace: string;
  name: string;
  type: GatewayType;
  /** Undefined: the mesh's istiod revision, decided when the operation runs. */
  revision?: string;
  replicas?: number;
  ports?: GatewayPort[];
}

/** The parameters of `gateway.delete`, as stored with the operation. */
export interface GatewayDeleteParams {
  kind: 'gateway.delete';
  meshId: string;
  cluster: string;
  namespace: string;
  name: string;
}

/** Kubernetes' port names: IANA service names (lower-case, digits, '-', at most 15, a letter among them). */
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const MAX_REPLICAS = 100;

function integerAt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${field}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseGatewayName(object: Record<string, unknown>): string {
  const name = assertDnsLabel(requiredString(object, 'name', ''), 'name', 'gateway name');
  if (name.length > MAX_GATEWAY_NAME) {
    throw new InputError(
      `name: '${name}' is too long; expected at most ${MAX_GATEWAY_NAME} characters, so that its 'istio' label (<name>-ingressgateway) is a label value`,
    );
  }
  return name;
}

function parseType(object: Record<string, unknown>): GatewayType {
  const type = requiredString(object, 'type', '');
  if (!(GATEWAY_TYPES as readonly string[]).includes(type)) {
    throw new InputError(`type: '${type}' is not a gateway type; expected one of ${GATEWAY_TYPES.join(', ')}`);
  }
  return type as GatewayType;
}

function parsePort(value: unknown, path: string): GatewayPort {
  const port = objectAt(value, path);
  assertOnlyKeys(port, ['name', 'port', 'targetPort', 'protocol'], path);
  const name = requiredString(port, 'name', path);
  if (name.length > 15 || !PORT_NAME.test(name) || !/[a-z]/.test(name)) {
    throw new InputError(
      `${path}.name: '${name}' is not a port name; expected an IANA service name (lower-case letters, digits and '-', at most 15, e.g. http2, https, tcp-db)`,
    );
  }
  const protocol = optionalString(port, 'protocol', path);
  if (protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
    throw new InputError(`${path}.protocol: '${protocol}' is not a protocol; expected TCP, UDP or SCTP`);
  }
  return {
    name,
    port: integerAt(port.port, `${path}.port`, 1, 65535),
    ...(port.targetPort !== undefined ? { targetPort: integerAt(port.targetPort, `${path}.targetPort`, 1, 65535) } : {}),
    ...(protocol ? { protocol: protocol as GatewayPort['protocol'] } : {}),
  };
}

function parsePorts(value: unknown): GatewayPort[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) throw new InputError('ports: expected a non-empty list of ports');
  const ports = value.map((item, i) => parsePort(item, `ports[${i}]`));
  for (const [i, port] of ports.entries()) {
    const earlier = ports.slice(0, i);
    if (earlier.some(p => p.name === port.name)) throw new InputError(`ports[${i}].name: '${port.name}' is used by an earlier port`);
    if (earlier.some(p => p.port === port.port)) throw new InputError(`ports[${i}].port: ${port.port} is used by an earlier port`);
  }
  return ports;
}

/** Reads a `gateway.create` request body. Pure; the namespace defaults by type. */
export function parseGatewayCreateParams(body: unknown): GatewayCreateParams {
  const object = objectAt(body, '');
  assertKind(object, 'gateway.create');
  assertOnlyKeys(object, ['kind', 'meshId', 'cluster', 'namespace', 'name', 'type', 'revision', 'replicas', 'ports'], '');
  const type = parseType(object);
  const namespace = optionalString(object, 'namespace', '') ?? defaultGatewayNamespace(type);
  const revision = optionalString(object, 'revision', '');
  const ports = parsePorts(object.ports);
  return {
    kind: 'gateway.create',
    meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id'),
    cluster: assertClusterName(requiredString(object, 'cluster', ''), 'cluster'),
    namespace: assertDnsLabel(namespace, 'namespace', 'namespace name'),
    name: parseGatewayName(object),
    type,
    ...(revision ? { revision: assertDnsLabel(revision, 'revision', 'istiod revision') } : {}),
    ...(object.replicas !== undefined ? { replicas: integerAt(object.replicas, 'replicas', 1, MAX_REPLICAS) } : {}),
    ...(ports ? { ports } : {}),
  };
}

/** Reads a `gateway.delete` request body. Pure. */
export function parseGatewayDeleteParams(body: unknown): GatewayDeleteParams {
  const object = objectAt(body, '');
  assertKind(object, 'gateway.delete');
  assertOnlyKeys(object, ['kind', 'meshId', 'cluster', 'namespace', 'name'], '');
  return {
    kind: 'gateway.delete',
    meshId: assertDnsLabel(requiredString(object, 'meshId', ''), 'meshId', 'mesh id'),
    cluster: assertClusterName(requiredString(object, 'cluster', ''), 'cluster'),
    namespace: assertDnsLabel(requiredString(object, 'namespace', ''), 'namespace', 'namespace name'),
    name: parseGatewayName(object),
  };
}
