import { formatBytesPerSecond, formatMs, formatRate, formatShare } from '@meshfleet/plugin-mesh-react';

/** A formatter for a Grafana unit id (the ones Istio's dashboards use), plain numbers otherwise. */
export function grafanaUnitFormat(unit: string | undefined): (value: number) => string {
  switch (unit) {
    case 'ops':
    case 'reqps':
      return v => formatRate(v, 'ops/s');
    case 'percentunit':
      return v => formatShare(v);
    case 'percent':
      return v => `${v.toFixed(1)} %`;
    case 'ms':
      return formatMs;
    case 's':
      return v => formatMs(v * 1000);
    case 'Bps':
    case 'binBps':
      return formatBytesPerSecond;
    case 'bytes':
    case 'decbytes':
      return v => formatBytesPerSecond(v).replace('/s', '');
    default:
      return v => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  }
}
