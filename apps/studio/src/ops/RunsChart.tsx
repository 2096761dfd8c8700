/**
 * Runs per bucket by status as stacked bars (uPlot: a small canvas chart, kept up and fast with a
 * week of hourly buckets). The legend, the hover readout and a table for screen readers are React.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { STATUS_GROUPS, stacked, type RunsChartData } from './chart-data';

const COLOR_VARS: Record<(typeof STATUS_GROUPS)[number]['key'], string> = {
  success: '--ok',
  failed: '--bad',
  cancelled: '--skip',
  active: '--run',
};

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

const hourLabel = (sec: number, withDay: boolean): string =>
  new Date(sec * 1000).toLocaleString(undefined, {
    ...(withDay ? { weekday: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
  });

export function RunsChart({ data, title }: { data: RunsChartData; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const long = data.xs.length > 48;
  // Polling hands a new object every few seconds: redraw only when what is drawn changed.
  const drawn = `${data.xs[0]}:${data.xs.length}:${STATUS_GROUPS.map((g) => data.counts[g.key].join(',')).join('|')}`;
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data = latest.current;
    const tops = stacked(data);
    // Drawn in order: the tallest (all groups) first, each lower group painted over it.
    const order = STATUS_GROUPS.map((_, i) => i).reverse();
    const first = data.xs[0] ?? 0;
    const last = data.xs[data.xs.length - 1] ?? first;
    const step = data.xs.length > 1 ? (data.xs[1] ?? 0) - first : 3600;
    const text = cssVar('--muted');
    const grid = cssVar('--line');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      // Each bar spans its bucket [start, start + width): the last one must fit inside the plot.
      scales: {
        x: { time: true, range: () => [first, last + step] },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] },
      },
      axes: [
        { ...axis, values: (_u, splits) => splits.map((s) => hourLabel(s, long)) },
        {
          ...axis,
          size: 40,
          values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')),
        },
      ],
      series: [
        {},
        ...order.map((i) => {
          const color = cssVar(COLOR_VARS[STATUS_GROUPS[i]?.key ?? 'success']);
          return {
            label: STATUS_GROUPS[i]?.label ?? '',
            stroke: color,
            fill: color,
            width: 0,
            paths: uPlot.paths.bars?.({ size: [0.8, 28], align: 1 }),
            points: { show: false },
          };
        }),
      ],
      hooks: { setCursor: [(u) => setHover(u.cursor.idx ?? null)] },
    };
    const u = new uPlot(opts, [data.xs, ...order.map((i) => tops[i] ?? [])], el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(300, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [drawn, long]);

  const at = hover === null ? null : data.xs[hover];
  return (
    <figure className="runs-chart" aria-label={title}>
      <figcaption>
        <strong>{title}</strong>
        <ul className="chart-legend" aria-label="Totals by status">
          {STATUS_GROUPS.map((g) => (
            <li key={g.key} data-testid={`runs-total-${g.key}`}>
              <span className="swatch" style={{ background: `var(${COLOR_VARS[g.key]})` }} />
              {g.label} <strong>{data.totals[g.key]}</strong>
            </li>
          ))}
        </ul>
        <span className="muted chart-hover" aria-live="off">
          {at !== undefined && at !== null && hover !== null
            ? `${hourLabel(at, true)}: ${STATUS_GROUPS.map((g) => `${data.counts[g.key][hover] ?? 0} ${g.label.toLowerCase()}`).join(', ')}`
            : ' '}
        </span>
      </figcaption>
      <div ref={box} className="chart-canvas" data-testid="runs-chart" data-total={data.total} />
      <details className="chart-table">
        <summary>As a table</summary>
        <table>
          <thead>
            <tr>
              <th>From</th>
              {STATUS_GROUPS.map((g) => (
                <th key={g.key}>{g.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.xs.map((x, i) =>
              STATUS_GROUPS.some((g) => (data.counts[g.key][i] ?? 0) > 0) ? (
                <tr key={x}>
                  <td>{hourLabel(x, true)}</td>
                  {STATUS_GROUPS.map((g) => (
                    <td key={g.key}>{data.counts[g.key][i] ?? 0}</td>
                  ))}
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
