import { ObservabilityConfig } from '../config';
import { ObservabilityUnavailableError } from '../errors';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusQuerier } from './types';

/** Gives the Prometheus of a mesh. */
export interface PrometheusProvider {
  /** The mesh's Prometheus; throws ObservabilityUnavailableError (`not-configured`) when there is none. */
  forMesh(meshId: string): PrometheusQuerier;
  /** Whether a Prometheus is configured for the mesh. */
  isConfigured(meshId: string): boolean;
}

/** One PrometheusClient per mesh, from configuration. */
export class ConfiguredPrometheusProvider implements PrometheusProvider {
  private readonly clients = new Map<string, PrometheusClient>();

  constructor(private readonly config: ObservabilityConfig) {}

  isConfigured(meshId: string): boolean {
    return !!this.config.prometheusFor(meshId);
  }

  forMesh(meshId: string): PrometheusClient {
    const existing = this.clients.get(meshId);
    if (existing) {
      return existing;
    }
    const settings = this.config.prometheusFor(meshId);
    if (!settings) {
      throw new ObservabilityUnavailableError(
        'prometheus',
        'not-configured',
        `No Prometheus is configured for mesh '${meshId}'; set meshfleet.prometheus.url or meshfleet.meshes.${meshId}.prometheus.url`,
      );
    }
    const client = new PrometheusClient(settings, `Prometheus of mesh '${meshId}'`);
    this.clients.set(meshId, client);
    return client;
  }

  /** Queries sent to all meshes' Prometheus servers so far (benchmarks report it). */
  totalQueries(): number {
    return [...this.clients.values()].reduce((n, c) => n + c.queryCount, 0);
  }
}
