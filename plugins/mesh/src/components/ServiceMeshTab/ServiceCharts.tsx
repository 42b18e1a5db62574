import { InfoCard, Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { MetricPoints, ServiceMetrics } from '@meshfleet/plugin-mesh-common';
import { ChartSeries, formatMs, formatRate, ObservabilityErrorPanel, TimeSeriesChart } from '@meshfleet/plugin-mesh-react';

type Cluster = ServiceMetrics['clusters'][number];

function perCluster(clusters: Cluster[], pick: (c: Cluster) => Array<[string, MetricPoints]>): ChartSeries[] {
  return clusters.flatMap(c => pick(c).map(([what, points]) => ({ name: what ? `${c.cluster} ${what}` : c.cluster, points })));
}

/** Request rate, error rates and latency of a service, one line per cluster. */
export function ServiceCharts(props: { metrics?: ServiceMetrics; loading: boolean; error?: Error; chartWidth?: number }) {
  const { metrics, loading, error } = props;
  if (error) {
    return <ObservabilityErrorPanel what="charts" error={error} />;
  }
  if (loading && !metrics) {
    return <Progress />;
  }
  const clusters = metrics?.clusters ?? [];
  const charts: Array<{ title: string; series: ChartSeries[]; format: (v: number) => string }> = [
    { title: 'Request rate by cluster', series: perCluster(clusters, c => [['', c.requestRate]]), format: v => formatRate(v) },
    {
      title: 'Errors by cluster',
      series: perCluster(clusters, c => [
        ['4xx', c.errorRate4xx],
        ['5xx', c.errorRate5xx],
        ['gRPC', c.errorRateGrpc],
      ]),
      format: v => formatRate(v),
    },
    {
      title: 'Latency by cluster',
      series: perCluster(clusters, c => [
        ['p50', c.latencyMs.p50],
        ['p95', c.latencyMs.p95],
        ['p99', c.latencyMs.p99],
      ]),
      format: formatMs,
    },
  ];
  return (
    <Grid container spacing={2}>
      {charts.map(chart => (
        <Grid item xs={12} lg={4} key={chart.title}>
          <InfoCard title={chart.title} subheader={metrics ? `rate over ${metrics.rateWindow}, ${metrics.reporter} telemetry` : undefined}>
            <TimeSeriesChart series={chart.series} format={chart.format} width={props.chartWidth} />
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
