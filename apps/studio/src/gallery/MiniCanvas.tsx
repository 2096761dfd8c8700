/** A template's workflow drawn small: one box per step, one line per `needs`, read-only SVG. */
import { memo } from 'react';
import { miniLayout, type MiniStep } from './mini-layout';

const W = 104;
const H = 28;
const GAP_X = 28;
const GAP_Y = 10;
const LANE_GAP = 18;
const PAD = 10;
/** The least the drawing is scaled down to: one step does not fill a card as a giant box. */
const MIN_W = 320;
const MIN_H = 110;

/** Block kinds by colour, so a card shows at a glance where the branches, calls and people are. */
function kind(uses: string): string {
  if (uses === 'if' || uses === 'switch') return 'branch';
  if (uses === 'approval' || uses === 'wait') return 'person';
  if (uses === 'foreach' || uses === 'repeat' || uses === 'workflow') return 'loop';
  if (uses === 'code') return 'code';
  if (uses.startsWith('http')) return 'call';
  return 'data';
}

/**
 * `wrap`: columns per lane. A long chain folds into lanes under each other (like lines of text), so
 * a small card still shows readable names.
 */
export const MiniCanvas = memo(function MiniCanvas({
  steps,
  label,
  wrap = 3,
}: {
  steps: readonly MiniStep[];
  label: string;
  wrap?: number;
}) {
  const l = miniLayout(steps);
  const perLane = Math.max(1, Math.min(wrap, l.cols));
  const lanes = Math.max(1, Math.ceil(l.cols / perLane));
  const laneHeight = Math.max(1, l.rows) * (H + GAP_Y) - GAP_Y;
  const x = (col: number) => PAD + (col % perLane) * (W + GAP_X);
  const y = (col: number, row: number) =>
    PAD + Math.floor(col / perLane) * (laneHeight + LANE_GAP) + row * (H + GAP_Y);
  const drawnW = perLane * (W + GAP_X) - GAP_X + 2 * PAD;
  const drawnH = lanes * (laneHeight + LANE_GAP) - LANE_GAP + 2 * PAD;
  const width = Math.max(drawnW, MIN_W);
  const height = Math.max(drawnH, MIN_H);
  const dx = (width - drawnW) / 2;
  const dy = (height - drawnH) / 2;
  const at = new Map(l.nodes.map((n) => [n.id, n]));
  return (
    <svg
      className="mini-canvas"
      role="img"
      aria-label={label}
      viewBox={`${-dx} ${-dy} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
    >
      {l.edges.map((e) => {
        const a = at.get(e.from);
        const b = at.get(e.to);
        if (!a || !b) return null;
        const x1 = x(a.col) + W;
        const y1 = y(a.col, a.row) + H / 2;
        const x2 = x(b.col);
        const y2 = y(b.col, b.row) + H / 2;
        const laneA = Math.floor(a.col / perLane);
        const laneB = Math.floor(b.col / perLane);
        // In a lane: a gentle S. Into a later lane: out to the right, back along the gap above
        // that lane, and in from the left, so the line stays inside the drawing.
        const d =
          laneA === laneB
            ? `M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2},${y2}`
            : (() => {
                const gap = y(laneB * perLane, 0) - LANE_GAP / 2;
                const r = PAD - 2;
                return `M${x1},${y1} C${x1 + r},${y1} ${x1 + r},${gap} ${x1},${gap} L${x2},${gap} C${x2 - r},${gap} ${x2 - r},${y2} ${x2},${y2}`;
              })();
        return <path key={`${e.from}-${e.to}`} className="mini-edge" d={d} />;
      })}
      {l.nodes.map((n) => (
        <g
          key={n.id}
          className={`mini-node mini-${kind(n.uses)}`}
          transform={`translate(${x(n.col)},${y(n.col, n.row)})`}
        >
          <title>{`${n.id} (${n.uses})`}</title>
          <rect width={W} height={H} rx={5} />
          <rect className="mini-stripe" width={5} height={H} rx={2} />
          <text x={11} y={H / 2 + 4.5}>
            {n.id.length > 11 ? `${n.id.slice(0, 10)}…` : n.id}
          </text>
        </g>
      ))}
    </svg>
  );
});
