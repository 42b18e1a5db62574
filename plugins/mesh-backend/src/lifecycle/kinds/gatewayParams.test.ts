import { parseGatewayCreateParams, parseGatewayDeleteParams } from './gatewayParams';

const create = { kind: 'gateway.create', meshId: 'demo', cluster: 'west', name: 'shop-ingress', type: 'ingress' };

describe('parseGatewayCreateParams', () => {
  it('defaults the namespace by type and parses its own output to the same value', () => {
    const ingress = parseGatewayCreateParams(create);
    expect(ingress.namespace).toBe('istio-ingress');
    expect(parseGatewayCreateParams({ ...create, type: 'egress' }).namespace).toBe('istio-egress');
    expect(parseGatewayCreateParams(JSON.parse(JSON.stringify(ingress)))).toEqual(ingress);
  });

  it('keeps a revision, replicas and ports as given', () => {
    const parsed = parseGatewayCreateParams({
      ...create,
      namespace: 'shop-gw',
      revision: '1-31-0',
      replicas: 2,
      ports: [{ name: 'https', port: 443 }, { name: 'tcp-db', port: 5432, targetPort: 15432, protocol: 'TCP' }],
    });
    expect(parsed).toEqual({
      ...create,
      namespace: 'shop-gw',
      revision: '1-31-0',
      replicas: 2,
      ports: [{ name: 'https', port: 443 }, { name: 'tcp-db', port: 5432, targetPort: 15432, protocol: 'TCP' }],
    });
  });

  it.each([
    [{ ...create, type: 'eastwest' }, /^type: 'eastwest' is not a gateway type; expected one of ingress, egress$/],
    [{ ...create, name: 'Shop_GW' }, /^name: 'Shop_GW' is not a valid gateway name; expected a DNS-1123 label/],
    [{ ...create, name: 'a'.repeat(49) }, /^name: '.*' is too long; expected at most 48 characters/],
    [{ ...create, namespace: 'istio.ingress' }, /^namespace: 'istio.ingress' is not a valid namespace name/],
    [{ ...create, revision: '1.31.0' }, /^revision: '1\.31\.0' is not a valid istiod revision/],
    [{ ...create, replicas: 0 }, /^replicas: expected a whole number from 1 to 100, got 0$/],
    [{ ...create, replicas: 1.5 }, /^replicas: expected a whole number from 1 to 100, got 1.5$/],
    [{ ...create, ports: [] }, /^ports: expected a non-empty list of ports$/],
    [{ ...create, ports: [{ name: 'http', port: 70000 }] }, /^ports\[0\]\.port: expected a whole number from 1 to 65535/],
    [{ ...create, ports: [{ name: 'HTTP', port: 80 }] }, /^ports\[0\]\.name: 'HTTP' is not a port name/],
    [{ ...create, ports: [{ name: 'http', port: 80, protocol: 'HTTP' }] }, /^ports\[0\]\.protocol: 'HTTP' is not a protocol; expected TCP, UDP or SCTP$/],
    [{ ...create, ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }, /^ports\[1\]\.name: 'http' is used by an earlier port$/],
    [{ ...create, ports: [{ name: 'http', port: 80 }, { name: 'web', port: 80 }] }, /^ports\[1\]\.port: 80 is used by an earlier port$/],
    [{ ...create, network: 'net-west' }, /^network: unknown field; expected only kind, meshId/],
    [{ ...create, cluster: undefined }, /^cluster: expected a non-empty string$/],
  ])('refuses %j naming the field', (body, message) => {
    expect(() => parseGatewayCreateParams(body)).toThrow(message);
  });
});

describe('parseGatewayDeleteParams', () => {
  const remove = { kind: 'gateway.delete', meshId: 'demo', cluster: 'west', namespace: 'istio-ingress', name: 'shop-ingress' };

  it('reads a delete', () => {
    expect(parseGatewayDeleteParams(remove)).toEqual(remove);
  });

  it.each([
    [{ ...remove, namespace: undefined }, /^namespace: expected a non-empty string$/],
    [{ ...remove, type: 'ingress' }, /^type: unknown field; expected only kind, meshId, cluster, namespace, name$/],
    [{ ...remove, kind: 'gateway.create' }, /^kind: expected 'gateway.delete', got "gateway.create"$/],
  ])('refuses %j naming the field', (body, message) => {
    expect(() => parseGatewayDeleteParams(body)).toThrow(message);
  });
});
