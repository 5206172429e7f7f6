// The on_exit chains between campaigns (spec 002), laid out by dagre (src/campaigns/
// layout-on-exit-graph.ts): an arrow per campaign and target, labelled with its exit reasons, to
// the next campaign, to the exec gate (a person routes) or to the chain's end (null). Text is
// wrapped to fit its box, never cut; the drawing keeps its natural size and scrolls sideways.
import { Fragment } from "react";
import {
  FONT_PX,
  type LaidNode,
  LINE_PX,
  layoutOnExitGraph,
  type TextLine,
} from "../../../src/campaigns/contract.ts";
import type { Campaign } from "../campaigns.ts";
import { Link } from "../router.tsx";

const FILL: Record<LaidNode["kind"], string> = {
  campaign: "#fff",
  gate: "#fff6e0",
  end: "#f6f7f9",
  missing: "#fdecec",
};

function Lines({ lines, x, y }: { lines: TextLine[]; x: number; y: number }) {
  let at = y;
  return (
    <>
      {lines.map((l, i) => {
        at += LINE_PX[l.font];
        return (
          <text
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            key={i}
            x={x}
            y={at - (LINE_PX[l.font] - FONT_PX[l.font]) / 2 - 2}
            textAnchor="middle"
            fontSize={FONT_PX[l.font]}
            fontFamily={l.font === "slug" ? "ui-monospace, monospace" : undefined}
            fontWeight={l.font === "name" ? 600 : undefined}
            fill={l.font === "name" ? "#1f2328" : "#59636e"}
            data-line={l.font}
          >
            {l.text}
          </text>
        );
      })}
    </>
  );
}

export function ExitGraph({ campaigns, highlight }: { campaigns: Campaign[]; highlight?: string }) {
  const l = layoutOnExitGraph(campaigns);
  const described = l.edges
    .map((e) => {
      const from = l.nodes.find((n) => n.id === e.from)?.slug;
      const to = l.nodes.find((n) => n.id === e.to);
      const where = to?.kind === "gate" ? "the exec gate" : to?.kind === "end" ? "end" : to?.slug;
      return `${from} on ${e.reasons.join(" or ")} goes to ${where}`;
    })
    .join("; ");
  return (
    <figure className="chart exit-graph" data-testid="exit-graph" data-edges={l.edges.length}>
      <figcaption>on_exit chains between campaigns</figcaption>
      {l.nodes.length === 0 ? (
        <p className="muted">No campaign routes its exits to another campaign or a gate yet.</p>
      ) : (
        <div className="graph-scroll">
          <svg
            viewBox={`0 0 ${l.width} ${l.height}`}
            width={l.width}
            height={l.height}
            role="img"
            aria-label={`on_exit chains: ${described}`}
          >
            <title>on_exit chains between campaigns</title>
            <defs>
              <marker
                id="exit-arrow"
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
            {l.edges.map((e) => (
              <path
                key={`p:${e.from}:${e.to}`}
                d={`M${e.points.map((p) => `${p.x},${p.y}`).join(" L")}`}
                fill="none"
                stroke="#8c96a0"
                strokeWidth={1.5}
                markerEnd="url(#exit-arrow)"
              />
            ))}
            {l.edges.map((e) => (
              <g key={`l:${e.from}:${e.to}`} data-box="label">
                <rect
                  x={e.label.x}
                  y={e.label.y}
                  width={e.label.width}
                  height={e.label.height}
                  rx={3}
                  fill="#fff"
                  stroke="#d0d7de"
                />
                <Lines lines={e.lines} x={e.label.x + e.label.width / 2} y={e.label.y + 2} />
              </g>
            ))}
            {l.nodes.map((n) => (
              <g key={n.id} data-box="node" data-node={n.id}>
                <rect
                  x={n.x}
                  y={n.y}
                  width={n.width}
                  height={n.height}
                  rx={n.kind === "end" ? n.height / 2 : 6}
                  fill={n.slug === highlight && n.kind === "campaign" ? "#e8f0fb" : FILL[n.kind]}
                  stroke={n.slug === highlight && n.kind === "campaign" ? "#1f5fbf" : "#8c96a0"}
                  strokeWidth={n.slug === highlight && n.kind === "campaign" ? 2 : 1}
                />
                <Lines lines={n.lines} x={n.x + n.width / 2} y={n.y + 8} />
              </g>
            ))}
          </svg>
        </div>
      )}
      {l.unchained.length > 0 ? (
        <p className="muted" data-testid="unchained">
          Without on_exit routes:{" "}
          {l.unchained.map((c, i) => (
            <Fragment key={c.slug}>
              {i > 0 ? ", " : null}
              <Link to={`/campaigns/${c.slug}`}>{c.name}</Link>
            </Fragment>
          ))}
        </p>
      ) : null}
    </figure>
  );
}
