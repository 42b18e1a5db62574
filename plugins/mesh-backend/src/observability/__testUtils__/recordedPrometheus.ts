import { readTestdata } from './golden';
import { planTopology } from '../topology/plan';
import { Reporter, TopologyScope } from '../topology/types';
import { InstantSample, PrometheusQuerier, RangeSeries } from '../prometheus/types';
import { PrometheusProvider } from '../prometheus/PrometheusProvider';

/**
 * A Prometheus that replays recorded answers (testdata/recorded/*.json) to the
 * plan they were recorded for, and counts the queries it gets. Anything else
 * is an error, so a test notices a plan it did not expect. A query the plan
 * gained after the recording (no answer under its id) answers no series.
 */
export class RecordedPrometheus implements PrometheusQuerier, PrometheusProvider {
  private readonly answers = new Map<string, InstantSample[]>();
  queries: string[] = [];

  add(recording: string, scope: TopologyScope, reporter: Reporter, window = '5m'): this {
    const doc = readTestdata(`recorded/${recording}.json`);
    for (const q of planTopology({ scope, reporter, window })) {
      this.answers.set(
        q.promql,
        (doc.results[q.id] ?? []).map((s: any) => ({ metric: s.metric, value: Number(s.value[1]) })),
      );
    }
    return this;
  }

  isConfigured(): boolean {
    return true;
  }

  forMesh(): PrometheusQuerier {
    return this;
  }

  async instant(query: string): Promise<InstantSample[]> {
    this.queries.push(query);
    const answer = this.answers.get(query);
    if (!answer) {
      throw new Error(`RecordedPrometheus has no answer for: ${query.slice(0, 200)}`);
    }
    return answer;
  }

  async range(query: string): Promise<RangeSeries[]> {
    this.queries.push(query);
    return [];
  }
}
