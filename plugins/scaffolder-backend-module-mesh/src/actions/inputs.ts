import type { z as zod } from 'zod/v3';

/*
 * The input fields the mesh actions share, one zod schema per field with its
 * description (shown at /create/actions and in the JSON Schema the scaffolder
 * validates a step's input against before the step runs). Patterns repeat the
 * mesh backend's own checks, so a bad value is refused by the scaffolder with
 * the field's name before any request is made; the backend checks again.
 */

type Z = typeof zod;

/** A DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit. */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A Kubernetes label value (a network goes into `topology.istio.io/network`). */
export const LABEL_VALUE_PATTERN = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** A trust domain: dotted DNS-like labels. */
export const TRUST_DOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const meshIdField = (z: Z) =>
  z
    .string()
    .regex(DNS_LABEL_PATTERN, 'expected a DNS-1123 label (lower-case letters, digits and -, at most 63 characters)')
    .describe(
      "Id of the new mesh: Istio's meshID and the name of its catalog Resource. A DNS-1123 label (lower-case letters, digits and '-', at most 63 characters).",
    );

export const meshRefField = (z: Z) =>
  z
    .string()
    .min(1)
    .describe(
      "The mesh: its id (e.g. 'demo') or the entity ref of its catalog Resource of type service-mesh (e.g. 'resource:default/demo', what EntityPicker gives).",
    );

export const clusterRefField = (z: Z, role: string) =>
  z
    .string()
    .min(1)
    .describe(
      `The ${role}: its Backstage cluster name (as in kubernetes.clusterLocatorMethods, e.g. 'east') or the entity ref of its catalog Resource of type kubernetes-cluster (e.g. 'resource:default/config-east', what EntityPicker gives).`,
    );

export const networkField = (z: Z, whose: string) =>
  z
    .string()
    .regex(LABEL_VALUE_PATTERN, 'expected a Kubernetes label value')
    .optional()
    .describe(
      `The Istio network of ${whose} (label topology.istio.io/network): clusters on one network reach each other's pods directly. Defaults to 'net-<cluster name>', a network of its own.`,
    );
