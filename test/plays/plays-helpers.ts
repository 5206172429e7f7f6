// Shared helpers for the plays tests: a valid draft body and plays in any state through the real API.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { DB } from "../../src/db/database.ts";
import type { TestApp } from "../support/app.ts";
import type { Tenant, TestPrincipal } from "../support/tenant.ts";

export function draftBody(over: Record<string, unknown> = {}) {
  return {
    scope: "segment",
    segment: "seg_a",
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
    proposal: { payload: { source: "test", id: randomUUID() } },
    ...over,
  };
}

/** Segments seg_a, seg_b and one account of the tenant. */
export async function seedTaxonomy(db: Kysely<DB>, t: Tenant): Promise<{ accountId: string }> {
  await db
    .insertInto("segments")
    .values([
      { client_id: t.clientId, segment: "seg_a", name: "Segment A" },
      { client_id: t.clientId, segment: "seg_b", name: "Segment B" },
    ])
    .execute();
  const a = await db
    .insertInto("accounts")
    .values({ client_id: t.clientId, name: "Acct", segment: "seg_a" })
    .returning("account_id")
    .executeTakeFirstOrThrow();
  return { accountId: a.account_id };
}

export type Stage = "draft" | "under_review" | "slm_approved" | "active" | "retired";

export async function call(
  h: TestApp,
  who: TestPrincipal | undefined,
  method: string,
  url: string,
  payload?: unknown,
) {
  const res = await h.app.inject({
    method: method as any,
    url,
    headers: who ? who.auth : {},
    ...(payload !== undefined ? { payload: payload as any } : {}),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

/** A play brought to `stage` through the API by the right people. */
export async function playAt(
  h: TestApp,
  t: Tenant,
  stage: Stage,
  over: Record<string, unknown> = {},
): Promise<string> {
  const created = await call(h, t.agt901, "POST", "/api/v1/plays", draftBody(over));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.play_id as string;
  if (stage === "draft") return id;
  if (stage === "retired") {
    const r = await call(h, t.revops, "POST", `/api/v1/plays/${id}/retire`, {
      retire_reason: "rejected_at_draft",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return id;
  }
  const pick = await call(h, t.revops, "POST", `/api/v1/plays/${id}/pickup`);
  expect(pick.status, JSON.stringify(pick.body)).toBe(200);
  if (stage === "under_review") return id;
  const a1 = await call(h, t.slm, "POST", `/api/v1/plays/${id}/approve`, {});
  expect(a1.status, JSON.stringify(a1.body)).toBe(200);
  if (stage === "slm_approved") return id;
  const a2 = await call(h, t.revops, "POST", `/api/v1/plays/${id}/approve`, {});
  expect(a2.status, JSON.stringify(a2.body)).toBe(200);
  expect(a2.body.state).toBe("active");
  return id;
}
