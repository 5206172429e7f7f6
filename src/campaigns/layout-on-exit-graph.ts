// The on_exit chains (spec 002) as a layered drawing: boxes for campaigns, the exec gate and each
// chain's end, an arrow per (campaign, target) labelled with its exit reasons. dagre places the
// boxes and the labels (labels are nodes of their own in its layering), so nothing overlaps; text
// is wrapped to a width estimated per character, never cut, and boxes grow to hold it. Pure: the
// workspace draws the result and a test checks it for every campaign set of the demo.
import dagre from "@dagrejs/dagre";
import { isGateTarget } from "./exit-reasons.ts";

export interface ChainCampaign {
  slug: string;
  name: string;
  on_exit: Record<string, unknown> | null;
  status?: string;
}

export type TextFont = "name" | "slug" | "label";

/** Font sizes (px) the drawing uses; the width estimate below is made for them. */
export const FONT_PX: Record<TextFont, number> = { name: 13, slug: 11, label: 11 };
export const LINE_PX: Record<TextFont, number> = { name: 17, slug: 15, label: 14 };

export interface TextLine {
  text: string;
  font: TextFont;
  /** estimated width in px (estimateTextWidth) */
  width: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type NodeKind = "campaign" | "gate" | "end" | "missing";

export interface LaidNode extends Box {
  id: string;
  kind: NodeKind;
  /** the campaign's slug (campaign and missing nodes) */
  slug: string | null;
  lines: TextLine[];
}

export interface LaidEdge {
  from: string;
  to: string;
  reasons: string[];
  lines: TextLine[];
  label: Box;
  points: { x: number; y: number }[];
}

export interface OnExitLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
  /** campaigns with no on_exit route in or out, listed beside the drawing */
  unchained: ChainCampaign[];
}

const NARROW = new Set("iljtfr.,:;|!'()[] 1");
const WIDE = new Set("mwMW@%");

/**
 * A generous width estimate of `text` in the drawing's fonts (em per character by class: the
 * system sans-serif and monospace stay under these), so a box sized from it holds the text.
 */
export function estimateTextWidth(text: string, font: TextFont): number {
  const px = FONT_PX[font];
  if (font === "slug") return Math.ceil(text.length * 0.62 * px);
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.34;
    else if (WIDE.has(ch)) em += 0.92;
    else if (ch >= "A" && ch <= "Z") em += 0.72;
    else em += 0.6;
  }
  // names are drawn bold (600), about a tenth wider than regular text
  return Math.ceil(em * px * (font === "name" ? 1.12 : 1));
}

/** Words wrapped to lines of at most maxWidth; a word longer than a line is split, never cut. */
export function wrapText(text: string, font: TextFont, maxWidth: number): TextLine[] {
  const lines: string[] = [];
  let line = "";
  const fits = (s: string) => estimateTextWidth(s, font) <= maxWidth;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (fits(joined)) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    let rest = word;
    while (!fits(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !fits(rest.slice(0, n))) n--;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.map((t) => ({ text: t, font, width: estimateTextWidth(t, font) }));
}

const TEXT_MAX = 200;
const LABEL_MAX = 150;
const PAD_X = 12;
const PAD_Y = 8;
const LABEL_PAD = 4;

const GATE_ID = "gate:exec";
const endId = (from: string) => `end:${from}`;
const missingId = (slug: string) => `missing:${slug}`;

function targetId(target: unknown, from: string, slugs: Set<string>): string {
  if (isGateTarget(target)) return GATE_ID;
  if (typeof target === "string") return slugs.has(target) ? `campaign:${target}` : missingId(target);
  return endId(from);
}

function nodeLines(kind: NodeKind, title: string, slug: string | null): TextLine[] {
  const lines = wrapText(title, "name", TEXT_MAX);
  if (slug && kind === "campaign") lines.push(...wrapText(slug, "slug", TEXT_MAX));
  return lines;
}

function boxOf(lines: TextLine[], padX: number, padY: number, minWidth: number) {
  const width = Math.max(minWidth, ...lines.map((l) => l.width)) + 2 * padX;
  const height = lines.reduce((h, l) => h + LINE_PX[l.font], 0) + 2 * padY;
  return { width, height };
}

/** Campaign sets joined by on_exit routes between campaigns (the demo's chains), each sorted. */
export function chainSets(campaigns: readonly ChainCampaign[]): string[][] {
  const parent = new Map(campaigns.map((c) => [c.slug, c.slug]));
  const find = (s: string): string => {
    const p = parent.get(s) ?? s;
    return p === s ? s : find(p);
  };
  for (const c of campaigns)
    for (const t of Object.values(c.on_exit ?? {}))
      if (typeof t === "string" && parent.has(t)) parent.set(find(t), find(c.slug));
  const sets = new Map<string, string[]>();
  for (const c of campaigns) sets.set(find(c.slug), [...(sets.get(find(c.slug)) ?? []), c.slug]);
  return [...sets.values()].map((s) => s.sort()).sort((a, b) => a[0].localeCompare(b[0]));
}

export function layoutOnExitGraph(campaigns: readonly ChainCampaign[]): OnExitLayout {
  const slugs = new Set(campaigns.map((c) => c.slug));
  const targeted = new Set<string>();
  for (const c of campaigns)
    for (const t of Object.values(c.on_exit ?? {})) if (typeof t === "string") targeted.add(t);
  const chained = campaigns.filter((c) => Object.keys(c.on_exit ?? {}).length > 0 || targeted.has(c.slug));
  const unchained = campaigns.filter((c) => !chained.includes(c));

  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 56, edgesep: 18, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const nodes = new Map<string, Omit<LaidNode, keyof Box>>();
  const addNode = (id: string, kind: NodeKind, title: string, slug: string | null) => {
    if (nodes.has(id)) return;
    const lines = nodeLines(kind, title, slug);
    nodes.set(id, { id, kind, slug, lines });
    g.setNode(id, boxOf(lines, PAD_X, PAD_Y, kind === "campaign" ? 110 : 40));
  };
  for (const c of chained) addNode(`campaign:${c.slug}`, "campaign", c.name, c.slug);

  // one arrow per (campaign, target), labelled with every reason that takes it
  const grouped = new Map<string, { from: string; to: string; reasons: string[] }>();
  for (const c of chained) {
    const from = `campaign:${c.slug}`;
    for (const [reason, target] of Object.entries(c.on_exit ?? {})) {
      const to = targetId(target, c.slug, slugs);
      if (to === GATE_ID) addNode(to, "gate", "Exec gate: a person routes", null);
      else if (to.startsWith("end:")) addNode(to, "end", "End", null);
      else if (to.startsWith("missing:")) addNode(to, "missing", `${target} (missing)`, String(target));
      const key = `${from}\u0000${to}`;
      const e = grouped.get(key) ?? { from, to, reasons: [] };
      e.reasons.push(reason);
      grouped.set(key, e);
    }
  }
  const edgeLines = new Map<string, TextLine[]>();
  for (const [key, e] of grouped) {
    const lines = wrapText(e.reasons.sort().join(", "), "label", LABEL_MAX);
    edgeLines.set(key, lines);
    g.setEdge(e.from, e.to, { ...boxOf(lines, LABEL_PAD, 2, 0), labelpos: "c" });
  }
  dagre.layout(g);

  const laidNodes: LaidNode[] = [...nodes.values()].map((n) => {
    const d = g.node(n.id);
    return { ...n, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height };
  });
  const laidEdges: LaidEdge[] = [...grouped].map(([key, e]) => {
    const d = g.edge(e.from, e.to) as {
      x: number;
      y: number;
      width: number;
      height: number;
      points: { x: number; y: number }[];
    };
    return {
      ...e,
      lines: edgeLines.get(key)!,
      label: { x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height },
      points: d.points,
    };
  });
  const graph = g.graph();
  return {
    nodes: laidNodes,
    edges: laidEdges,
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    unchained,
  };
}

/** Two boxes overlap (touching edges do not count). */
export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
