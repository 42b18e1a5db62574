import fs from 'node:fs/promises';
import path from 'node:path';
import { GrafanaSettings } from '../config';
import { ObservabilityUnavailableError } from '../errors';
import { DashboardSearchHit, GrafanaClient } from '../grafana/GrafanaClient';
import { TtlCache } from '../TtlCache';
import { DashboardKind } from './kinds';

/** A dashboard's JSON and where it came from. */
export interface LoadedDashboard {
  title: string;
  json: Record<string, any>;
  source: 'grafana' | 'directory';
  /** When it came from Grafana: the search hit (uid and path). */
  grafana?: DashboardSearchHit;
}

/** How long dashboard lookups (search hits, JSON, directory index) are kept. */
const LOOKUP_TTL_MS = 5 * 60_000;

/**
 * Finds Istio's dashboards for a mesh: in the configured Grafana by title
 * (`/api/search`, then `/api/dashboards/uid/<uid>`), else in the configured
 * directory of dashboard JSON files (matched by their `title`).
 */
export class DashboardSource {
  private readonly grafanaClients = new Map<string, GrafanaClient>();
  private readonly searches = new TtlCache<DashboardSearchHit | null>(LOOKUP_TTL_MS);
  private readonly jsons = new TtlCache<Record<string, any>>(LOOKUP_TTL_MS);
  private readonly directories = new TtlCache<Map<string, Record<string, any>>>(LOOKUP_TTL_MS);

  constructor(private readonly settingsFor: (meshId: string) => GrafanaSettings | undefined) {}

  /** The mesh's Grafana client, when a Grafana URL is configured. */
  grafana(meshId: string): GrafanaClient | undefined {
    const settings = this.settingsFor(meshId);
    if (!settings?.url) {
      return undefined;
    }
    let client = this.grafanaClients.get(meshId);
    if (!client) {
      client = new GrafanaClient({ ...settings, url: settings.url }, `Grafana of mesh '${meshId}'`);
      this.grafanaClients.set(meshId, client);
    }
    return client;
  }

  /** Grafana's search hit for a dashboard kind, or undefined when Grafana has none with that title. */
  async search(meshId: string, kind: DashboardKind): Promise<DashboardSearchHit | undefined> {
    const client = this.grafana(meshId);
    const title = this.settingsFor(meshId)?.dashboardTitles[kind];
    if (!client || !title) {
      return undefined;
    }
    const { value } = await this.searches.get(`${meshId}|${title}`, async () => (await client.findDashboard(title)) ?? null);
    return value ?? undefined;
  }

  /** The dashboard of a kind; throws `not-configured` naming what to configure when it is nowhere. */
  async load(meshId: string, kind: DashboardKind): Promise<LoadedDashboard> {
    const settings = this.settingsFor(meshId);
    const title = settings?.dashboardTitles[kind];
    if (!settings || !title || (!settings.url && !settings.dashboardsDirectory)) {
      throw new ObservabilityUnavailableError(
        'grafana',
        'not-configured',
        `No Grafana and no dashboards directory is configured for mesh '${meshId}'; set meshfleet.grafana.url or meshfleet.grafana.dashboardsDirectory`,
      );
    }
    const hit = await this.search(meshId, kind);
    if (hit) {
      const client = this.grafana(meshId)!;
      const { value } = await this.jsons.get(`${meshId}|${hit.uid}`, () => client.dashboardJson(hit.uid));
      return { title, json: value, source: 'grafana', grafana: hit };
    }
    if (settings.dashboardsDirectory) {
      const index = await this.directoryIndex(settings.dashboardsDirectory);
      const json = index.get(title);
      if (json) {
        return { title, json, source: 'directory' };
      }
    }
    throw new ObservabilityUnavailableError(
      'grafana',
      'not-configured',
      `No dashboard titled '${title}' for mesh '${meshId}' in ${[
        settings.url ? 'its Grafana' : undefined,
        settings.dashboardsDirectory ? 'its dashboards directory' : undefined,
      ]
        .filter(Boolean)
        .join(' or ')}`,
    );
  }

  private async directoryIndex(directory: string): Promise<Map<string, Record<string, any>>> {
    const { value } = await this.directories.get(directory, async () => {
      const index = new Map<string, Record<string, any>>();
      let files: string[];
      try {
        files = (await fs.readdir(directory)).filter(f => f.endsWith('.json')).sort();
      } catch (error) {
        throw new ObservabilityUnavailableError(
          'grafana',
          'unreachable',
          `Cannot read the dashboards directory ${directory}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        );
      }
      for (const file of files) {
        try {
          const json = JSON.parse(await fs.readFile(path.join(directory, file), 'utf8'));
          if (typeof json?.title === 'string' && !index.has(json.title)) {
            index.set(json.title, json);
          }
        } catch {
          // Not a dashboard (or not JSON): other files may be.
        }
      }
      return index;
    });
    return value;
  }
}
