// issue 37 item 7: the on_exit graph of every campaign set of the demo is laid out with no two
// boxes (campaigns, gate, ends, reason labels) overlapping and every text inside its box.
import { describe, expect, it } from "vitest";
import {
  boxesIntersect,
  type ChainCampaign,
  chainSets,
  estimateTextWidth,
  LINE_PX,
  layoutOnExitGraph,
  wrapText,
} from "./layout-on-exit-graph.ts";
import { SPEC_CAMPAIGNS } from "./spec-campaigns.ts";

const spec: ChainCampaign[] = SPEC_CAMPAIGNS.map((c) => ({
  slug: c.slug,
  name: c.name,
  on_exit: c.on_exit ?? {},
}));
// the demo's play campaigns (src/plays: "Play: <name>", no on_exit) and a
// chain with the longest names the API accepts, to exercise wrapping
const plays: ChainCampaign[] = [
  { slug: "play_3f2a9c1e", name: "Play: Post-event follow-up for commercial mid-market", on_exit: {} },
];
const long: ChainCampaign[] = [
  {
    slug: "a_very_long_campaign_slug_that_has_no_spaces_at_all_to_break_on_x",
    name: "An unusually long campaign name that would never fit on a single line of the graph",
    on_exit: { converted: "b_next", no_engagement: null, rejected: null, disqualified: null },
  },
  { slug: "b_next", name: "Next", on_exit: { meeting: { gate: "exec" }, registered: "missing_one" } },
];

const sets: [string, ChainCampaign[]][] = [
  ["all of the demo", [...spec, ...plays]],
  ...chainSets(spec).map((slugs): [string, ChainCampaign[]] => [
    slugs.join(" + "),
    spec.filter((c) => slugs.includes(c.slug)),
  ]),
  ["long names", long],
];

describe("on_exit graph layout", () => {
  it("finds the spec's chains", () => {
    expect(chainSets(spec)).toEqual([
      ["b2bea_membership"],
      ["b2bea_membership_close", "b2bea_membership_cs"],
      ["b2bea_world"],
      ["dreamborn"],
    ]);
  });

  it.each(sets)("lays out %s with no overlap and every text inside its box", (_, campaigns) => {
    const l = layoutOnExitGraph(campaigns);
    const boxes = [
      ...l.nodes.map((n) => ({ what: n.id, box: n, lines: n.lines })),
      ...l.edges.map((e) => ({ what: `${e.from} → ${e.to}`, box: e.label, lines: e.lines })),
    ];
    expect(l.nodes.length).toBeGreaterThan(0);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        expect(boxesIntersect(a.box, b.box), `${a.what} overlaps ${b.what}`).toBe(false);
      }
      // every line fits its box's width, and the lines fit its height
      for (const line of a.lines) {
        expect(line.width).toBeGreaterThanOrEqual(estimateTextWidth(line.text, line.font));
        expect(line.width, `${a.what}: "${line.text}"`).toBeLessThanOrEqual(a.box.width);
      }
      expect(a.lines.reduce((h, x) => h + LINE_PX[x.font], 0)).toBeLessThanOrEqual(a.box.height);
      // inside the drawing
      expect(a.box.x).toBeGreaterThanOrEqual(0);
      expect(a.box.y).toBeGreaterThanOrEqual(0);
      expect(a.box.x + a.box.width).toBeLessThanOrEqual(l.width);
      expect(a.box.y + a.box.height).toBeLessThanOrEqual(l.height);
    }
    // no name is cut: the lines of a campaign box spell its name and slug in full
    for (const n of l.nodes.filter((x) => x.kind === "campaign")) {
      const c = campaigns.find((x) => `campaign:${x.slug}` === n.id)!;
      const text = n.lines.filter((x) => x.font === "name").map((x) => x.text);
      expect(text.join(" ").replace(/\s+/g, "")).toBe(c.name.replace(/\s+/g, ""));
      expect(
        n.lines
          .filter((x) => x.font === "slug")
          .map((x) => x.text)
          .join(""),
      ).toBe(c.slug);
    }
    // every route is drawn: one arrow per (campaign, target) carrying each reason once
    const reasons = l.edges.flatMap((e) => e.reasons).length;
    expect(reasons).toBe(campaigns.reduce((n, c) => n + Object.keys(c.on_exit ?? {}).length, 0));
  });

  it("lists campaigns without a route beside the drawing", () => {
    const l = layoutOnExitGraph([...spec, ...plays]);
    expect(l.unchained.map((c) => c.slug)).toEqual(["play_3f2a9c1e"]);
    expect(l.nodes.some((n) => n.id === "campaign:b2bea_membership_cs")).toBe(true);
  });

  it("wraps a long word into pieces instead of cutting it", () => {
    const lines = wrapText("x".repeat(120), "slug", 100);
    expect(lines.map((l) => l.text).join("")).toBe("x".repeat(120));
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(100);
  });
});
