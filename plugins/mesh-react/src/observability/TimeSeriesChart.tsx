import Typography from '@material-ui/core/Typography';
import { MetricPoints } from '@meshfleet/plugin-mesh-common';
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/**
 * One line of a {@link TimeSeriesChart}.
 *
 * @public
 */
export interface ChartSeries {
  name: string;
  points: MetricPoints;
  /** A fixed colour; otherwise one of the chart palette by position. */
  color?: string;
}

/**
 * Props of {@link TimeSeriesChart}.
 *
 * @public
 */
export interface TimeSeriesChartProps {
  series: ChartSeries[];
  /** Formats a value for the axis and the tooltip. */
  format?: (value: number) => string;
  height?: number;
  /** Shown instead of an empty chart. */
  emptyText?: string;
  /** Fixed width (tests, where nothing has a size); otherwise the container's. */
  width?: number;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#d62728'];

function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(11, 16);
}

/** Rows keyed by time, one column per series, as recharts draws them. */
export function chartRows(series: ChartSeries[]): Array<Record<string, number | null>> {
  const byTime = new Map<number, Record<string, number | null>>();
  series.forEach((s, index) => {
    for (const [time, value] of s.points) {
      if (time === null) continue;
      const row = byTime.get(time) ?? { time };
      row[`s${index}`] = value;
      byTime.set(time, row);
    }
  });
  return [...byTime.values()].sort((a, b) => (a.time as number) - (b.time as number));
}

/**
 * Time series drawn with recharts: one line per series, times in UTC, a
 * legend and a tooltip with every series' value at the pointer.
 *
 * @public
 */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { series, format = v => String(v), height = 220 } = props;
  const rows = useMemo(() => chartRows(series), [series]);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" style={{ height, display: 'flex', alignItems: 'center' }}>
        {props.emptyText ?? 'No data in this time range'}
      </Typography>
    );
  }
  const chart = (
    <LineChart data={rows} width={props.width} height={height} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="time" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatTime} scale="time" />
      <YAxis tickFormatter={v => format(v)} width={80} />
      <Tooltip
        labelFormatter={label => `${formatTime(Number(label))} UTC`}
        formatter={(value: unknown) => (typeof value === 'number' ? format(value) : '—')}
      />
      <Legend />
      {series.map((s, index) => (
        <Line
          key={`${s.name}-${index}`}
          dataKey={`s${index}`}
          name={s.name}
          stroke={s.color ?? PALETTE[index % PALETTE.length]}
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
  return props.width ? (
    chart
  ) : (
    <ResponsiveContainer width="100%" height={height}>
      {chart}
    </ResponsiveContainer>
  );
}
