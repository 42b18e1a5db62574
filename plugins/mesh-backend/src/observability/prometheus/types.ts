/** One series of an instant query: labels and the value at the query time. */
export interface InstantSample {
  metric: Record<string, string>;
  /** `NaN` where Prometheus answered NaN (e.g. a quantile of no requests). */
  value: number;
}

/** One series of a range query. */
export interface RangeSeries {
  metric: Record<string, string>;
  /** [unix seconds, value] pairs in time order. */
  points: Array<[number, number]>;
}

/** What the observability code needs from a Prometheus. */
export interface PrometheusQuerier {
  /** Runs an instant query at `time` (unix seconds, default now). */
  instant(query: string, time?: number): Promise<InstantSample[]>;
  /** Runs a range query from `start` to `end` (unix seconds) every `step` seconds. */
  range(query: string, start: number, end: number, step: number): Promise<RangeSeries[]>;
}
