// MCP resources: the specs' reference data an agent reads before it acts — the campaigns with
// their steps (spec 002), the segments with their play caps (spec 000) and the touch caps the
// coordinator applies (spec 001, spec 002). Read through the same domain functions as the tools.
import { getCampaign, listCampaigns } from "../../campaigns/index.ts";
import { loadCapConfig } from "../../coordinator/index.ts";
import { getPlayConfig } from "../../plays/index.ts";
import type { ToolContext } from "./tool.ts";

export interface McpResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  /** The tool whose readers may read it: a resource is offered to a principal as that tool is. */
  tool: string;
  read(ctx: ToolContext): Promise<unknown>;
}

/** The touch caps in the API's snake_case (GET /api/v1/coordinator/config). */
export async function touchCaps(ctx: ToolContext) {
  const c = await loadCapConfig(ctx.db, ctx.principal.clientId);
  return {
    weekly_touch_cap: c.weeklyTouchCap,
    daily_touch_cap: c.dailyTouchCap,
    conflict_queue_hours: c.conflictQueueHours,
  };
}

export const batonResources: McpResource[] = [
  {
    uri: "baton://campaigns",
    name: "campaigns",
    title: "Campaigns and their steps",
    description:
      "Every campaign of the tenant (spec 002): slug, kind (sales, nurture, ...), status, owner role, and its " +
      "steps (day, channel, content type, writing instructions). Read one with baton://campaigns/{slug}.",
    tool: "list_campaigns",
    read: (ctx) => listCampaigns(ctx.db, ctx.principal.clientId, { limit: 500 }),
  },
  {
    uri: "baton://segments",
    name: "segments",
    title: "Segments and their play caps",
    description:
      "Every segment with its hard cap on active plays (spec 000: 3 to 8, default 5), how many are active and " +
      "whether it is over the cap; the review threshold. Draft plays only for segments listed here.",
    tool: "segment_caps_and_active_plays",
    read: (ctx) => getPlayConfig(ctx.db, ctx.principal, ctx.now()),
  },
  {
    uri: "baton://caps",
    name: "caps",
    title: "Touch caps and the conflict queue",
    description:
      "The coordinator's per-prospect caps: weekly_touch_cap (spec 001 gate 3, rolling 7 days), " +
      "daily_touch_cap (spec 002, per local day) and conflict_queue_hours (spec 001 conflict matrix).",
    tool: "segment_caps_and_active_plays",
    read: touchCaps,
  },
];

export const CAMPAIGN_TEMPLATE = {
  uriTemplate: "baton://campaigns/{slug}",
  name: "campaign",
  title: "One campaign",
  description: "One campaign with its steps, by slug (spec 002).",
  tool: "get_campaign",
};

/** The tool whose access governs a resource's URI (undefined: no such resource). */
export function resourceTool(uri: string): string | undefined {
  return (
    batonResources.find((r) => r.uri === uri)?.tool ??
    (uri.startsWith("baton://campaigns/") ? CAMPAIGN_TEMPLATE.tool : undefined)
  );
}

/** Reads a resource by URI; undefined when no resource has it. */
export async function readResource(ctx: ToolContext, uri: string): Promise<unknown | undefined> {
  const fixed = batonResources.find((r) => r.uri === uri);
  if (fixed) return fixed.read(ctx);
  const m = /^baton:\/\/campaigns\/([a-z0-9][a-z0-9_-]{0,63})$/.exec(uri);
  if (m) return getCampaign(ctx.db, ctx.principal.clientId, m[1]);
  return undefined;
}
