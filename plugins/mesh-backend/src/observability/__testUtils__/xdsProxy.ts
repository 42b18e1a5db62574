import http2 from 'node:http2';

/*
 * A stand-in for one sidecar's xDS connection, for fleet tests. No Envoy runs
 * in the fleet, so nothing connects to istiod over xDS and istiod's own
 * figures (connected proxies, pushes) stay empty. This opens the ADS stream an
 * Envoy opens (gRPC over HTTP/2 on istiod's plaintext port 15010, which
 * authenticates no one), acknowledges what istiod sends and, once a second,
 * subscribes to one more endpoint set, as an Envoy does when it learns of new
 * clusters; istiod answers each subscription with a push. istiod counts the
 * connection and the pushes itself (`pilot_xds`, `pilot_xds_pushes`).
 *
 * The few protobuf fields needed are encoded by hand (envoy.service.discovery.v3
 * DiscoveryRequest: version_info 1, node 2, resource_names 3, type_url 4,
 * response_nonce 5; envoy.config.core.v3.Node: id 1, cluster 2, metadata 3;
 * google.protobuf.Struct: fields 1, Value.string_value 3), so the test needs no
 * gRPC library.
 */

const ADS_PATH =
  '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';
const CLUSTER_TYPE = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const ENDPOINT_TYPE =
  'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let rest = n;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function lengthDelimited(fieldNumber: number, payload: Buffer): Buffer {
  return Buffer.concat([
    varint((fieldNumber << 3) | 2),
    varint(payload.length),
    payload,
  ]);
}

function text(fieldNumber: number, value: string): Buffer {
  return lengthDelimited(fieldNumber, Buffer.from(value));
}

function stringStruct(values: Record<string, string>): Buffer {
  const entries = Object.entries(values).map(([key, value]) =>
    lengthDelimited(
      1,
      Buffer.concat([text(1, key), lengthDelimited(2, text(3, value))]),
    ),
  );
  return Buffer.concat(entries);
}

/** The top-level string fields of a DiscoveryResponse: version_info 1, type_url 4, nonce 5. */
function responseHeader(message: Buffer): {
  version: string;
  typeUrl: string;
  nonce: string;
} {
  const strings = new Map<number, string>();
  let at = 0;
  const readVarint = () => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = message[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  while (at < message.length) {
    const tag = readVarint();
    const wireType = tag & 7;
    if (wireType === 2) {
      const length = readVarint();
      if ([1, 4, 5].includes(tag >> 3)) {
        strings.set(tag >> 3, message.subarray(at, at + length).toString());
      }
      at += length;
    } else if (wireType === 0) {
      readVarint();
    } else {
      throw new Error(`DiscoveryResponse: unexpected wire type ${wireType}`);
    }
  }
  return {
    version: strings.get(1) ?? '',
    typeUrl: strings.get(4) ?? '',
    nonce: strings.get(5) ?? '',
  };
}

/** Who the stand-in says it is (Envoy's node id and Istio's node metadata). */
export interface XdsProxyIdentity {
  /** A pod IP no real pod has, so istiod finds no workload for it. */
  ip: string;
  name: string;
  namespace: string;
  /** The Istio cluster ID istiod knows the proxy's cluster by. */
  clusterId: string;
  istioVersion: string;
}

/** One simulated sidecar connected to istiod until `close`. */
export class XdsProxy {
  private readonly client: http2.ClientHttp2Session;
  private readonly stream: http2.ClientHttp2Stream;
  private readonly node: Buffer;
  private readonly endpointNames: string[] = [];
  private readonly timer: NodeJS.Timeout;
  private pending = Buffer.alloc(0);
  /** Responses istiod sent, by type URL. */
  readonly received = new Map<string, number>();
  /** Why the stream ended early, if it did. */
  failure?: Error;

  /** Connects to istiod's plaintext xDS address, e.g. `http://127.100.1.1:15010`. */
  constructor(address: string, identity: XdsProxyIdentity) {
    const { ip, name, namespace, clusterId, istioVersion } = identity;
    this.node = Buffer.concat([
      text(
        1,
        `sidecar~${ip}~${name}.${namespace}~${namespace}.svc.cluster.local`,
      ),
      text(2, `${name}.${namespace}`),
      lengthDelimited(
        3,
        stringStruct({
          ISTIO_VERSION: istioVersion,
          CLUSTER_ID: clusterId,
          NAMESPACE: namespace,
        }),
      ),
    ]);
    this.client = http2.connect(address);
    this.client.on('error', error => {
      this.failure ??= error;
    });
    this.stream = this.client.request({
      ':method': 'POST',
      ':path': ADS_PATH,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    this.stream.on('error', error => {
      this.failure ??= error;
    });
    this.stream.on('trailers', trailers => {
      if (trailers['grpc-status'] !== '0') {
        this.failure ??= new Error(
          `istiod ended the ADS stream: ${trailers['grpc-status']} ${trailers['grpc-message']}`,
        );
      }
    });
    this.stream.on('data', (chunk: Buffer) => this.onData(chunk));
    this.send(CLUSTER_TYPE, []);
    this.timer = setInterval(() => this.subscribeToOneMoreEndpointSet(), 1000);
  }

  close(): void {
    clearInterval(this.timer);
    this.stream.close();
    this.client.close();
  }

  private subscribeToOneMoreEndpointSet() {
    this.endpointNames.push(
      `outbound|80||xds-proxy-${this.endpointNames.length}.example.svc.cluster.local`,
    );
    this.send(ENDPOINT_TYPE, this.endpointNames);
  }

  private send(
    typeUrl: string,
    resourceNames: string[],
    ack?: { version: string; nonce: string },
  ) {
    const message = Buffer.concat([
      ack ? text(1, ack.version) : Buffer.alloc(0),
      lengthDelimited(2, this.node),
      ...resourceNames.map(n => text(3, n)),
      text(4, typeUrl),
      ack ? text(5, ack.nonce) : Buffer.alloc(0),
    ]);
    const frame = Buffer.alloc(5); // gRPC: not compressed, then the length
    frame.writeUInt32BE(message.length, 1);
    this.stream.write(Buffer.concat([frame, message]));
  }

  private onData(chunk: Buffer) {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (
      this.pending.length >= 5 &&
      this.pending.length >= 5 + this.pending.readUInt32BE(1)
    ) {
      const length = this.pending.readUInt32BE(1);
      const response = responseHeader(this.pending.subarray(5, 5 + length));
      this.pending = this.pending.subarray(5 + length);
      this.received.set(
        response.typeUrl,
        (this.received.get(response.typeUrl) ?? 0) + 1,
      );
      const names =
        response.typeUrl === ENDPOINT_TYPE ? this.endpointNames : [];
      this.send(response.typeUrl, names, response); // ACK, as Envoy does
    }
  }
}
