// Small SVG charts (no chart library): horizontal bars with an optional target line, and a line
// over time with a reference line. Each has a title for screen readers and a data-points count
// the browser tests read.
export interface Bar {
  label: string;
  value: number;
  /** A per-bar limit drawn as a tick (e.g. the segment cap). */
  max?: number;
  note?: string;
}

const W = 520;

export function BarChart({
  title,
  bars,
  target,
  targetLabel,
  unit = "",
  testId,
}: {
  title: string;
  bars: Bar[];
  target?: number;
  targetLabel?: string;
  unit?: string;
  testId: string;
}) {
  const rowH = 26;
  // 28 characters of label fit in 180 units
  const labelW = 180;
  const h = Math.max(1, bars.length) * rowH + 24;
  const top = Math.max(1, target ?? 0, ...bars.map((b) => Math.max(b.value, b.max ?? 0)));
  // the right-hand 190 units hold the value or its note ("1 edits over 7 plays (0.1/play)")
  const x = (v: number) => labelW + (v / top) * (W - labelW - 190);
  return (
    <figure className="chart" data-testid={testId} data-points={bars.length}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">No data yet.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={title}>
          <title>{title}</title>
          {bars.map((b, i) => (
            <g key={b.label} transform={`translate(0 ${i * rowH})`}>
              <text x={labelW - 6} y={17} textAnchor="end" className="axis">
                {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
              </text>
              <rect x={labelW} y={5} width={Math.max(1, x(b.value) - labelW)} height={16} className="bar" />
              {b.max !== undefined ? (
                <line x1={x(b.max)} x2={x(b.max)} y1={2} y2={24} className="limit" />
              ) : null}
              <text x={x(Math.max(b.value, b.max ?? 0)) + 6} y={17} className="value">
                {b.note ?? `${fmt(b.value)}${unit}`}
              </text>
            </g>
          ))}
          {target !== undefined ? (
            <g>
              <line x1={x(target)} x2={x(target)} y1={0} y2={h - 20} className="target" />
              <text x={x(target)} y={h - 6} textAnchor="middle" className="axis">
                {targetLabel ?? `target ${target}${unit}`}
              </text>
            </g>
          ) : null}
        </svg>
      )}
    </figure>
  );
}

export interface Point {
  x: string;
  y: number;
}

export function LineChart({
  title,
  points,
  reference,
  referenceLabel,
  testId,
}: {
  title: string;
  points: Point[];
  reference?: number;
  referenceLabel?: string;
  testId: string;
}) {
  const h = 180;
  const pad = { l: 36, r: 12, t: 10, b: 28 };
  const top = Math.max(1, reference ?? 0, ...points.map((p) => p.y)) * 1.1;
  const n = Math.max(1, points.length - 1);
  const px = (i: number) => pad.l + (i / n) * (W - pad.l - pad.r);
  const py = (v: number) => h - pad.b - (v / top) * (h - pad.t - pad.b);
  const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${px(i).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
  const every = Math.max(1, Math.ceil(points.length / 6));
  return (
    <figure className="chart" data-testid={testId} data-points={points.length}>
      <figcaption>{title}</figcaption>
      {points.length === 0 ? (
        <p className="muted">No data yet.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={title}>
          <title>{title}</title>
          <line x1={pad.l} x2={W - pad.r} y1={h - pad.b} y2={h - pad.b} className="axis-line" />
          <text x={pad.l - 4} y={py(0) + 4} textAnchor="end" className="axis">
            0
          </text>
          <text x={pad.l - 4} y={py(top / 1.1) + 4} textAnchor="end" className="axis">
            {fmt(top / 1.1)}
          </text>
          {reference !== undefined ? (
            <g>
              <line x1={pad.l} x2={W - pad.r} y1={py(reference)} y2={py(reference)} className="target" />
              <text x={W - pad.r} y={py(reference) - 4} textAnchor="end" className="axis">
                {referenceLabel ?? String(reference)}
              </text>
            </g>
          ) : null}
          <path d={d} className="line" />
          {points.map((p, i) => (
            <g key={p.x}>
              <circle cx={px(i)} cy={py(p.y)} r={3} className="dot">
                <title>{`${p.x}: ${fmt(p.y)}`}</title>
              </circle>
              {i % every === 0 ? (
                // the last label ends at the axis' end: centred there, half of it fell outside the chart
                <text x={px(i)} y={h - 8} textAnchor={i === n && i > 0 ? "end" : "middle"} className="axis">
                  {p.x}
                </text>
              ) : null}
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
