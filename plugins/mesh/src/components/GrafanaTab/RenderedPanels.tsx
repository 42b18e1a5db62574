import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { RenderedDashboard } from '@meshfleet/plugin-mesh-common';
import { TimeSeriesChart } from '@meshfleet/plugin-mesh-react';
import { grafanaUnitFormat } from './grafanaUnits';

type Panel = RenderedDashboard['panels'][number];

const STAT_TYPES = new Set(['stat', 'singlestat', 'gauge', 'bargauge']);
const CHART_TYPES = new Set(['timeseries', 'graph']);

function lastValue(panel: Panel): number | undefined {
  const values = panel.series.flatMap(s => s.points.filter(p => p[1] !== null).slice(-1).map(p => p[1] as number));
  return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
}

function PanelBody(props: { panel: Panel; chartWidth?: number }) {
  const { panel } = props;
  const format = grafanaUnitFormat(panel.unit);
  if (panel.errors && panel.errors.length > 0 && panel.series.length === 0) {
    return (
      <Typography variant="body2" color="error">
        {panel.errors.join('; ')}
      </Typography>
    );
  }
  if (STAT_TYPES.has(panel.type)) {
    const value = lastValue(panel);
    return <Typography variant="h4">{value === undefined ? 'No data' : format(value)}</Typography>;
  }
  if (CHART_TYPES.has(panel.type)) {
    return (
      <TimeSeriesChart
        series={panel.series.map(s => ({ name: s.name, points: s.points }))}
        format={format}
        height={200}
        width={props.chartWidth}
      />
    );
  }
  return (
    <Typography variant="body2" color="textSecondary">
      Grafana panel type “{panel.type}” is not drawn here; open the dashboard in Grafana.
    </Typography>
  );
}

/**
 * Istio's dashboard as the backend rendered it (each panel's own queries run
 * against the mesh's Prometheus), drawn with recharts: charts for time series
 * panels, the latest value for stat panels, grouped by the dashboard's rows.
 */
export function RenderedPanels(props: { dashboard: RenderedDashboard; chartWidth?: number }) {
  const { dashboard } = props;
  const rows = new Map<string, Panel[]>();
  for (const panel of dashboard.panels) {
    const row = panel.row ?? '';
    rows.set(row, [...(rows.get(row) ?? []), panel]);
  }
  return (
    <>
      {[...rows.entries()].map(([row, panels]) => (
        <section key={row || 'top'} aria-label={row || dashboard.title}>
          {row && (
            <Typography variant="h6" style={{ margin: '16px 0 8px' }}>
              {row}
            </Typography>
          )}
          <Grid container spacing={2}>
            {panels.map(panel => (
              <Grid item key={panel.id} xs={12} md={STAT_TYPES.has(panel.type) ? 3 : 6} lg={STAT_TYPES.has(panel.type) ? 2 : 4}>
                <InfoCard title={panel.title} subheader={panel.description} noPadding={false}>
                  <div data-testid={`panel-${panel.id}`}>
                    <PanelBody panel={panel} chartWidth={props.chartWidth} />
                  </div>
                </InfoCard>
              </Grid>
            ))}
          </Grid>
        </section>
      ))}
    </>
  );
}
