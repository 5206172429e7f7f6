// The on_exit chain between campaigns (spec 002) drawn as a layered graph: an arrow per exit
// reason to the next campaign, to "exec gate" (Justin routes it), or to "end" (null).
import type { Campaign } from "../campaigns.ts";

interface Edge {
  from: string;
  to: string;
  reason: string;
}

const BOX_W = 190;
const BOX_H = 40;
const COL_GAP = 90;
const ROW_GAP = 22;

export function ExitGraph({ campaigns, highlight }: { campaigns: Campaign[]; highlight?: string }) {
  const slugs = new Set(campaigns.map((c) => c.slug));
  const edges: Edge[] = [];
  for (const c of campaigns) {
    for (const [reason, target] of Object.entries(c.on_exit ?? {})) {
      const to =
        typeof target === "string" && slugs.has(target)
          ? target
          : target && typeof target === "object"
            ? "__exec"
            : typeof target === "string"
              ? `__missing:${target}`
              : "__end";
      edges.push({ from: c.slug, to, reason });
    }
  }
  // layer = longest path from a root (cycles are cut at the first revisit)
  const layer = new Map<string, number>();
  const visit = (slug: string, depth: number, seen: Set<string>) => {
    if (seen.has(slug)) return;
    if ((layer.get(slug) ?? -1) >= depth) return;
    layer.set(slug, depth);
    const next = new Set(seen).add(slug);
    for (const e of edges) if (e.from === slug) visit(e.to, depth + 1, next);
  };
  const incoming = new Set(edges.map((e) => e.to));
  const roots = campaigns.filter((c) => !incoming.has(c.slug)).map((c) => c.slug);
  for (const r of roots.length ? roots : campaigns.map((c) => c.slug)) visit(r, 0, new Set());
  for (const c of campaigns) if (!layer.has(c.slug)) layer.set(c.slug, 0);
  for (const e of edges) if (!layer.has(e.to)) layer.set(e.to, (layer.get(e.from) ?? 0) + 1);

  const cols = new Map<number, string[]>();
  for (const [node, l] of layer) cols.set(l, [...(cols.get(l) ?? []), node]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [l, nodes] of cols) {
    for (const [i, n] of nodes.entries())
      pos.set(n, { x: 10 + l * (BOX_W + COL_GAP), y: 10 + i * (BOX_H + ROW_GAP) });
  }
  const width = 20 + (Math.max(0, ...cols.keys()) + 1) * (BOX_W + COL_GAP);
  const height = 20 + Math.max(1, ...[...cols.values()].map((v) => v.length)) * (BOX_H + ROW_GAP);
  const name = (n: string) =>
    n === "__end"
      ? "end (close the loop)"
      : n === "__exec"
        ? "exec gate (routed by a person)"
        : n.startsWith("__missing:")
          ? `${n.slice(10)} (missing)`
          : (campaigns.find((c) => c.slug === n)?.name ?? n);

  return (
    <figure className="chart" data-testid="exit-graph" data-edges={edges.length}>
      <figcaption>on_exit chain between campaigns</figcaption>
      <div className="table-wrap">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="img"
          aria-label="on_exit chain"
        >
          <title>on_exit chain between campaigns</title>
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#59636e" />
            </marker>
          </defs>
          {edges.map((e, i) => {
            const a = pos.get(e.from)!;
            const b = pos.get(e.to)!;
            const x1 = a.x + BOX_W;
            const y1 = a.y + BOX_H / 2;
            const x2 = b.x;
            const y2 = b.y + BOX_H / 2;
            const back = x2 <= x1;
            const d = back
              ? `M${x1},${y1} C${x1 + 60},${y1 - 60} ${x2 - 60},${y2 - 60} ${x2},${y2}`
              : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: edges are positional
              <g key={i}>
                <path d={d} fill="none" stroke="#59636e" strokeWidth={1.5} markerEnd="url(#arrow)" />
                <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 4} textAnchor="middle" className="axis">
                  {e.reason}
                </text>
              </g>
            );
          })}
          {[...pos].map(([n, p]) => (
            <g key={n} transform={`translate(${p.x} ${p.y})`}>
              <rect
                width={BOX_W}
                height={BOX_H}
                rx={6}
                fill={n === highlight ? "#e8f0fb" : n.startsWith("__") ? "#f6f7f9" : "#fff"}
                stroke={n === highlight ? "#1f5fbf" : "#8c96a0"}
              />
              <text x={BOX_W / 2} y={BOX_H / 2 + 4} textAnchor="middle" fontSize={12}>
                {name(n).length > 28 ? `${name(n).slice(0, 27)}…` : name(n)}
              </text>
            </g>
          ))}
        </svg>
      </div>
    </figure>
  );
}
