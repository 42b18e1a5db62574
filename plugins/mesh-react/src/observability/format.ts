import { TrafficFigures } from '@meshfleet/plugin-mesh-common';

/**
 * Requests (or anything) per second, with a precision that suits the value.
 *
 * @public
 */
export function formatRate(perSecond: number | null | undefined, unit = 'req/s'): string {
  if (perSecond === null || perSecond === undefined || Number.isNaN(perSecond)) {
    return '—';
  }
  if (perSecond === 0) {
    return `0 ${unit}`;
  }
  return `${perSecond.toFixed(rateDigits(perSecond))} ${unit}`;
}

/** Fewer decimals the larger the rate: 120 req/s, 3.5 req/s, 0.017 req/s. */
function rateDigits(perSecond: number): number {
  if (perSecond >= 100) {
    return 0;
  }
  return perSecond >= 1 ? 1 : 3;
}

/**
 * A share (0..1) as a percentage.
 *
 * @public
 */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) {
    return '—';
  }
  const percent = share * 100;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/**
 * Milliseconds, as Istio's histograms give latency.
 *
 * @public
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) {
    return '—';
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms >= 10 ? ms.toFixed(0) : ms.toFixed(1)} ms`;
}

/**
 * Bytes per second with a binary unit.
 *
 * @public
 */
export function formatBytesPerSecond(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) {
    return '—';
  }
  const units = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * The share of requests that failed (all classes), or null without requests.
 *
 * @public
 */
export function errorShare(traffic: TrafficFigures): number | null {
  return traffic.requestRate > 0 ? traffic.errorRate / traffic.requestRate : null;
}
