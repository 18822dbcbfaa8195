// A bar chart rendered on the server as accessible SVG: a title and a description the screen
// reader announces (role="img"), the values written above the bars, an optional target line, and the
// data table behind it one click away (<details>). No JavaScript, prints in black and white.
import { useId, type ReactNode } from "react";
import { niceMax, ticks } from "./scale";

export type BarPoint = { label: string; value: number | null; display: string };

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 24, right: 16, bottom: 32, left: 48 };

export function BarChart(props: {
  title: string;
  description: string;
  points: BarPoint[];
  /** Fixed top of the axis (100 for percentages); otherwise a nice bound above the largest value. */
  top?: number;
  /** Whole-number ticks (counts). */
  integer?: boolean;
  target?: { value: number; label: string };
  formatTick: (value: number) => string;
  tableLabel: string;
  /** The data table, rendered inside the <details>. */
  table: ReactNode;
}) {
  const id = useId();
  const values = props.points.map((p) => p.value ?? 0);
  const top = props.top ?? niceMax(Math.max(...values, props.target?.value ?? 0), props.integer);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(1, props.points.length);
  const barWidth = Math.min(40, slot * 0.6);
  const y = (v: number) => MARGIN.top + plotHeight - (Math.min(v, top) / top) * plotHeight;
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {props.title}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.description}</desc>
        <g className="chart-grid" aria-hidden="true">
          {ticks(top, props.integer).map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 6} y={y(tick) + 4} textAnchor="end">
                {props.formatTick(tick)}
              </text>
            </g>
          ))}
        </g>
        <g aria-hidden="true">
          {props.points.map((p, i) => {
            const x = MARGIN.left + slot * i + (slot - barWidth) / 2;
            const centre = x + barWidth / 2;
            return (
              <g key={p.label}>
                {p.value !== null && p.value > 0 ? <rect className="chart-bar" x={x} width={barWidth} y={y(p.value)} height={MARGIN.top + plotHeight - y(p.value)} /> : null}
                <text className="chart-value" x={centre} y={(p.value === null ? y(0) : y(p.value)) - 6} textAnchor="middle">
                  {p.display}
                </text>
                <text className="chart-label" x={centre} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle">
                  {p.label}
                </text>
              </g>
            );
          })}
        </g>
        {props.target ? (
          <g className="chart-target" aria-hidden="true">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(props.target.value)} y2={y(props.target.value)} />
            <text x={WIDTH - MARGIN.right} y={y(props.target.value) - 4} textAnchor="end">
              {props.target.label}
            </text>
          </g>
        ) : null}
      </svg>
      <details className="chart-data">
        <summary>{props.tableLabel}</summary>
        {props.table}
      </details>
    </figure>
  );
}
