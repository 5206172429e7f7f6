// Issue 61 item 5 over HTTP: RevOps and admins set, change and clear an account's weekly touch cap
// (PUT /api/v1/accounts/:accountId/touch-cap) and a segment's default for its accounts (PUT
// /api/v1/plays/config/segments/:segment); a bad value is refused with the field named and nothing
// written; a rep is refused; another tenant's account is a 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verdictText } from "../../web/src/components/prospect-actions/coordinator-verdict.tsx";
import { reasonLabel } from "../../web/src/format.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";

let h: TestApp;
let t: Tenant;
let other: Tenant;
let account: string;
let theirs: string;

beforeAll(async () => {
  h = await testApp();
  const db = h.database.db;
  t = await createTenant(db, "acapi");
  other = await createTenant(db, "acapi-other");
  await db
    .insertInto("segments")
    .values({ client_id: t.clientId, segment: "mid_market", name: "Mid-market" })
    .execute();
  account = await makeAccount(db, t.clientId, {});
  await db.updateTable("accounts").set({ segment: "mid_market" }).where("account_id", "=", account).execute();
  theirs = await makeAccount(db, other.clientId, {});
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const putAccount = (id: string, payload: unknown, auth = t.revops.auth) =>
  h.app.inject({
    method: "PUT",
    url: `/api/v1/accounts/${id}/touch-cap`,
    headers: auth,
    payload: payload as object,
  });
const readAccount = async (id = account) =>
  (await h.app.inject({ url: `/api/v1/accounts/${id}/touch-cap`, headers: t.revops.auth })).json();
const putSegment = (payload: unknown, auth = t.revops.auth) =>
  h.app.inject({
    method: "PUT",
    url: "/api/v1/plays/config/segments/mid_market",
    headers: auth,
    payload: payload as object,
  });

describe("an account's weekly touch cap over HTTP", () => {
  it("the segment's cap is the default, the account's own overrides it, and clearing falls back", async () => {
    expect(await readAccount()).toMatchObject({
      weekly_touch_cap: null,
      segment_cap: null,
      effective_cap: null,
    });
    const seg = await putSegment({ account_weekly_touch_cap: 6 });
    expect(seg.statusCode, seg.body).toBe(200);
    expect(seg.json()).toMatchObject({ segment: "mid_market", account_weekly_touch_cap: 6 });
    expect(await readAccount()).toMatchObject({ segment: "mid_market", segment_cap: 6, effective_cap: 6 });
    const set = await putAccount(account, { weekly_touch_cap: 2 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      account_id: account,
      weekly_touch_cap: 2,
      segment_cap: 6,
      effective_cap: 2,
    });
    // an admin may set it too
    expect((await putAccount(account, { weekly_touch_cap: 3 }, t.admin.auth)).statusCode).toBe(200);
    expect((await readAccount()).effective_cap).toBe(3);
    const cleared = await putAccount(account, { weekly_touch_cap: null });
    expect(cleared.json()).toMatchObject({ weekly_touch_cap: null, effective_cap: 6 });
    expect((await putSegment({ account_weekly_touch_cap: null })).json().account_weekly_touch_cap).toBeNull();
    expect((await readAccount()).effective_cap).toBeNull();
    // GET /plays/config lists the segment's account cap
    const cfg = await h.app.inject({ url: "/api/v1/plays/config", headers: t.revops.auth });
    expect(cfg.json().segments.find((s: { segment: string }) => s.segment === "mid_market")).toMatchObject({
      account_weekly_touch_cap: null,
    });
  });

  it("refuses 0, negative, non-integer, huge and string values, naming the field; nothing written", async () => {
    await putAccount(account, { weekly_touch_cap: 4 });
    await putSegment({ account_weekly_touch_cap: 5 });
    for (const bad of [0, -1, 1.5, 1001, 1e9, "2"]) {
      const a = await putAccount(account, { weekly_touch_cap: bad });
      expect(a.statusCode, `${bad}: ${a.body}`).toBe(400);
      expect(a.json().error.code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify(a.json().error.facts)).toMatch(/weekly_touch_cap/);
      const s = await putSegment({ account_weekly_touch_cap: bad });
      expect(s.statusCode, `${bad}: ${s.body}`).toBe(400);
      expect(JSON.stringify(s.json().error.facts)).toMatch(/account_weekly_touch_cap/);
    }
    // a body without the field, or with another, is refused too
    expect((await putAccount(account, {})).statusCode).toBe(400);
    expect((await putAccount(account, { weekly_touch_cap: 2, cap: 1 })).statusCode).toBe(400);
    expect(await readAccount()).toMatchObject({ weekly_touch_cap: 4, segment_cap: 5 });
  });

  it("a rep is refused, and nothing changes", async () => {
    const a = await putAccount(account, { weekly_touch_cap: 1 }, t.rep.auth);
    expect(a.statusCode).toBe(403);
    expect(a.json().error.code).toBe("FORBIDDEN_ROLE");
    expect((await putSegment({ account_weekly_touch_cap: 1 }, t.rep.auth)).statusCode).toBe(403);
    const read = await h.app.inject({ url: `/api/v1/accounts/${account}/touch-cap`, headers: t.rep.auth });
    expect(read.statusCode).toBe(403);
    expect(await readAccount()).toMatchObject({ weekly_touch_cap: 4, segment_cap: 5 });
  });

  it("another tenant's account, or an unknown one, is a 404; a malformed id a 400", async () => {
    const theirsPut = await putAccount(theirs, { weekly_touch_cap: 1 });
    expect(theirsPut.statusCode).toBe(404);
    expect(theirsPut.json().error.code).toBe("NOT_FOUND");
    const theirsGet = await h.app.inject({
      url: `/api/v1/accounts/${theirs}/touch-cap`,
      headers: t.revops.auth,
    });
    expect(theirsGet.statusCode).toBe(404);
    const row = await h.database.db
      .selectFrom("accounts")
      .select("weekly_touch_cap")
      .where("account_id", "=", theirs)
      .executeTakeFirstOrThrow();
    expect(row.weekly_touch_cap).toBeNull();
    expect(
      (await putAccount("00000000-0000-4000-8000-000000000000", { weekly_touch_cap: 1 })).statusCode,
    ).toBe(404);
    expect((await putAccount("not-a-uuid", { weekly_touch_cap: 1 })).statusCode).toBe(400);
  });
});

describe("the preview names the account's cap", () => {
  it("a colleague's touch at the account's cap of 1: the step is held by gate 3, reason account_cap_exceeded", async () => {
    const db = h.database.db;
    const now = new Date("2026-03-05T15:00:00Z");
    h.clock.now = now;
    const capped = await makeAccount(db, t.clientId, {});
    await putAccount(capped, { weekly_touch_cap: 1 });
    const colleague = await makeContact(db, t.clientId, { accountId: capped });
    await db
      .insertInto("cadence_event_log")
      .values({
        client_id: t.clientId,
        contact_id: colleague,
        account_id: capped,
        event_type: "touch",
        sequence_type: "sales",
        occurred_at: new Date(now.getTime() - 3600_000),
        details: "{}",
      })
      .execute();
    const contact = await makeContact(db, t.clientId, { accountId: capped });
    // a step (activations do not count the touch caps of a campaign or an account: steps and sends do)
    const campaign = await makeCampaign(db, t.clientId, "marketing");
    const e = await db
      .insertInto("campaign_contacts")
      .values({
        client_id: t.clientId,
        contact_id: contact,
        campaign_id: campaign,
        sequence_type: "marketing",
        status: "active",
        next_send_at: now,
        enrolled_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/coordinator/preview",
      headers: t.revops.auth,
      payload: { contact_id: contact, enrollment_id: e.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      verdict: "queued",
      gate: 3,
      reason: "account_cap_exceeded",
      resolution: "account_weekly_cap",
      until: new Date(now.getTime() - 3600_000 + 7 * 24 * 3600_000).toISOString(),
    });
    // the workspace's words for it: the prospect's verdict, the timeline's and the dashboard's label
    expect(verdictText(res.json())).toBe(
      "Would be queued: gate 3 touch cap, the account's weekly cap (all its people), until 12 Mar 14:00 UTC.",
    );
    expect(reasonLabel("account_cap_exceeded")).toBe("account's weekly cap reached (all its people)");
    expect(reasonLabel("touch_cap_exceeded")).toBe("touch cap exceeded");
  });
});
