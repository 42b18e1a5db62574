import type { z as zod } from 'zod/v3';
import { DNS_LABEL_PATTERN } from './inputs';

/*
 * Input fields of mesh:gateway:create and mesh:gateway:delete. Patterns
 * repeat the mesh backend's checks, so a bad value is refused with the
 * field's name before any request is made; the backend checks again.
 */

type Z = typeof zod;

/** A gateway name: a DNS-1123 label short enough for its `istio` label (`<name>-ingressgateway`). */
export const GATEWAY_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]{0,46}[a-z0-9])?$/;

export const gatewayNameField = (z: Z) =>
  z
    .string()
    .regex(GATEWAY_NAME_PATTERN, 'expected a DNS-1123 label of at most 48 characters')
    .describe(
      "The gateway's name: its Helm release, Deployment and Service. A DNS-1123 label of at most 48 characters (its 'istio' label is <name>-ingressgateway or <name>-egressgateway).",
    );

export const gatewayNamespaceField = (z: Z, defaults: string) =>
  z
    .string()
    .regex(DNS_LABEL_PATTERN, 'expected a namespace name (DNS-1123 label)')
    .describe(`The namespace the gateway runs in. ${defaults}`);

export const gatewayPortsField = (z: Z) =>
  z
    .array(
      z.object({
        name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/).describe('An IANA service name, e.g. http2, https, tcp-db.'),
        port: z.number().int().min(1).max(65535).describe('The Service port.'),
        targetPort: z.number().int().min(1).max(65535).optional().describe("The gateway pod's port; defaults to port."),
        protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional().describe('Defaults to TCP.'),
      }),
    )
    .min(1)
    .optional()
    .describe("The gateway Service's ports (status-port 15021 is added first). Default: the chart's 15021, 80 (http2) and 443 (https).");
