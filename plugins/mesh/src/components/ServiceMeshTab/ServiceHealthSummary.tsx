import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ServiceHealth } from '@meshfleet/plugin-mesh-common';
import {
  errorShare,
  formatMs,
  formatRate,
  formatShare,
  ObservabilityErrorPanel,
  TrafficHealthStatus,
} from '@meshfleet/plugin-mesh-react';

/** The service's health from its traffic, its inbound figures, and each cluster's health. */
export function ServiceHealthSummary(props: { health?: ServiceHealth; loading: boolean; error?: Error }) {
  const { health, loading, error } = props;
  let body;
  if (error) {
    body = <ObservabilityErrorPanel what="health" error={error} />;
  } else if (loading && !health) {
    body = <Progress />;
  } else if (health) {
    const inbound = health.inbound;
    body = (
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <TrafficHealthStatus health={health.health} />
          <Typography variant="body2" color="textSecondary">
            {health.health.reason}
          </Typography>
        </Grid>
        <Grid item xs={12} md={4}>
          <Typography variant="body2">Inbound: {formatRate(inbound.requestRate)}</Typography>
          <Typography variant="body2">
            Errors: {formatShare(errorShare(inbound))} (4xx {formatRate(inbound.errors.http4xx)}, 5xx{' '}
            {formatRate(inbound.errors.http5xx)})
          </Typography>
          <Typography variant="body2">
            Latency p50/p95/p99: {formatMs(inbound.latencyMs?.p50)} / {formatMs(inbound.latencyMs?.p95)} /{' '}
            {formatMs(inbound.latencyMs?.p99)}
          </Typography>
          <Typography variant="body2">mTLS: {formatShare(inbound.mtlsShare)}</Typography>
        </Grid>
        <Grid item xs={12} md={4}>
          {health.clusters.map(c => (
            <Box key={c.cluster} display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="body2">{c.cluster}</Typography>
              <TrafficHealthStatus health={c.health} />
            </Box>
          ))}
        </Grid>
      </Grid>
    );
  }
  return (
    <InfoCard title="Health" subheader={health ? `over ${health.window}, ${health.reporter} telemetry` : undefined}>
      {body}
    </InfoCard>
  );
}
