// Shared data for the MCP tests: a valid play draft and the tenant's taxonomy.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/database.ts";

export function playDraft(over: Record<string, unknown> = {}) {
  return {
    scope: "segment",
    segment: "mcp_seg",
    name: "Pricing-page revisit play",
    hypothesis: "Accounts that revisit pricing within 7 days convert when a proof point follows fast.",
    target_definition: { icp_tiers: ["T1", "T2"], intent_signals: ["pricing_page_visit"] },
    suggested_cadence: {
      cadence_type: "sales",
      steps: [
        { day: 0, channel: "email", content_type: "follow_up", instructions: "Reference the pricing visit." },
        { day: 3, channel: "linkedin", content_type: "proof", instructions: "Share a customer story." },
      ],
    },
    success_criteria: { meeting_rate: 0.1, opp_create_rate: 0.05 },
    proposal: { payload: { source: "mcp-test", id: randomUUID() } },
    ...over,
  };
}

export async function seedSegment(db: Kysely<DB>, clientId: string, segment = "mcp_seg"): Promise<void> {
  await db
    .insertInto("segments")
    .values({ client_id: clientId, segment, name: "MCP segment" })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The structured content of a tool result. */
export function structured(r: unknown): any {
  return (r as { structuredContent?: unknown }).structuredContent;
}
