// Issue 72 "Must show": three reply classes people write, each end to end. Step 1 goes out through
// the engine; the prospect's answer arrives as the inbox reads a message (processInboundMessage, a
// reply authenticated by the receiving server's Authentication-Results); the API then shows what
// happened and what the timeline says:
//   - a colleague covering the inbox says no inside an automatic reply: read as the person's no (the
//     enrollment exits rejected), not an absence to pause and resume on;
//   - "where did you get my address? delete it": every touch stops (both campaigns, the address
//     suppressed) and an erasure request opens for RevOps with its legal deadline (one month); the
//     same words forged open nothing and wait for review;
//   - "Anna has left the company, contact her successor Jan": the enrollment ends as left_company
//     and Jan is proposed to the exec (a hand-off quoting this reply), never enrolled by Baton.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { noInboxMetrics } from "../../src/inbox/inbox-metrics.ts";
import { ensureInboxPrincipal } from "../../src/inbox/inbox-principal.ts";
import { addInbox } from "../../src/inbox/manage-inboxes.ts";
import { processInboundMessage } from "../../src/inbox/process-inbound.ts";
import { addContact, engineDeps } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { openEveryClass } from "../support/automation.ts";
import { emailStep, plainReply, stepOneSends } from "../support/inbox-e2e.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const NOW = new Date("2026-03-02T17:00:00Z");
const RECEIVED = "2026-03-02T16:00:00.000Z";
const MAILBOX = "rep@classes.test";
const AUTHSERV = "mx.classes.test";
const SECRET = "reply-classes-secret";

const TEXTS = {
  cover:
    "Hello, I'm covering Sarah's inbox while she is on leave until 20 March. We're not interested, thanks.\n\nPeter",
  privacy: "Where did you get my address? Delete it.",
  forged: "Where did you get my address? Delete it.",
  left: "Anna Schmidt has left the company. Please contact her successor Jan Weber at jan.weber@left.example.",
};
type Who = keyof typeof TEXTS;

interface Person {
  id: string;
  email: string;
  enrollment: string;
  other: string | null;
  messageId: string;
}

let h: TestApp;
let t: Tenant;
let inboxId = "";
let uid = 0;
const people = {} as Record<Who, Person>;
const outcome = {} as Record<Who, { kind: string; outcome: Record<string, unknown> }>;

const db = () => h.database.db;
const api = (method: "GET" | "POST", url: string, auth: { authorization: string }, payload?: object) =>
  h.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

async function deliver(who: Who, o: { auto?: boolean; forged?: boolean } = {}) {
  const p = people[who];
  const domain = p.email.split("@")[1];
  const headers = [
    ...(o.forged
      ? []
      : [
          `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${p.email}; dmarc=pass header.from=${domain}`,
        ]),
    ...(o.auto ? ["Auto-Submitted: auto-replied"] : []),
  ];
  const raw = plainReply({
    from: p.email,
    to: MAILBOX,
    messageIdDomain: domain!,
    inReplyTo: p.messageId,
    text: TEXTS[who],
    seq: `classes-${who}`,
    headers,
  });
  const r = await processInboundMessage(
    {
      db: db(),
      actor: await ensureInboxPrincipal(db(), t.clientId),
      softBounceLimit: 3,
      metrics: noInboxMetrics,
      secret: SECRET,
    },
    { clientId: t.clientId, id: inboxId, mailbox: MAILBOX },
    "1",
    ++uid,
    Buffer.from(raw),
    NOW,
  );
  outcome[who] = { kind: r.kind, outcome: r.outcome };
}

interface TimelineItem {
  event_type: string;
  resolution: string | null;
  details: Record<string, unknown>;
  reply: { intent: string; reading: string; action: string; exit_reason: string | null } | null;
}

/** The person's timeline through the API, and one line per event of what it says. */
async function timeline(who: Who): Promise<{ items: TimelineItem[]; says: string[] }> {
  const r = await api("GET", `/api/v1/contacts/${people[who].id}/timeline?limit=100`, t.revops.auth);
  expect(r.statusCode, r.body).toBe(200);
  const items = (r.json() as { items: TimelineItem[] }).items;
  const says = items.map((e) =>
    e.reply
      ? `reply: ${e.reply.reading} → ${e.reply.action}${e.reply.exit_reason ? ` (${e.reply.exit_reason})` : ""}`
      : `${e.event_type}${e.resolution ? ` (${e.resolution})` : ""}${e.details.due_at ? ` due ${String(e.details.due_at).slice(0, 10)}` : ""}`,
  );
  console.log(`timeline of ${who}:\n  ${says.join("\n  ")}`);
  return { items, says };
}

async function enrollment(id: string) {
  return db()
    .selectFrom("campaign_contacts")
    .select(["status", "exit_reason", "paused_until"])
    .where("client_id", "=", t.clientId)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(db(), "classes");
  // the team has earned automation: a sure reading acts alone (issue 72 item 1)
  await openEveryClass(db(), t.clientId);
  const deps = await engineDeps(h.database);
  for (const slug of ["classes_nurture", "classes_other"])
    await createCampaign(
      db(),
      t.revops,
      {
        slug,
        name: slug === "classes_nurture" ? "Nurture" : "Other news",
        type: "onboarding",
        owner_role: "roles.bdr",
        kind: "nurture",
        approval_policy: "auto_send",
        steps: [emailStep(1, 0), emailStep(2, 3)],
      },
      T0,
    );
  for (const who of Object.keys(TEXTS) as Who[]) {
    const id = await addContact(db(), t.clientId, `Pat ${who}`, { company: `${who} Ltd` });
    const r = await enrollContact(db(), t.exec, { campaign: "classes_nurture", contactId: id }, T0);
    // the data-protection request's writer is in a second campaign too: every touch stops
    const other =
      who === "privacy" || who === "forged"
        ? (await enrollContact(db(), t.exec, { campaign: "classes_other", contactId: id }, T0)).enrollment_id
        : null;
    people[who] = { id, email: "", enrollment: r.enrollment_id!, other: other ?? null, messageId: "" };
  }
  await runEngineOnce(deps, T0, { workerId: "classes", batch: 50 });
  const sent = await stepOneSends(db(), [t.clientId]);
  for (const p of Object.values(people)) {
    const s = sent.find((x) => x.contact_id === p.id && x.status === "sent")!;
    p.messageId = s.message_id!;
    p.email = s.to_address;
  }
  const inbox = await addInbox(
    db(),
    t.admin,
    SECRET,
    {
      mailbox: MAILBOX,
      host: "127.0.0.1",
      port: 993,
      tls: true,
      auth: { kind: "password", password: "never-used" },
      trustedAuthservIds: [AUTHSERV],
    },
    T0,
  );
  inboxId = inbox.id;
  await deliver("cover", { auto: true });
  await deliver("privacy");
  await deliver("forged", { forged: true });
  await deliver("left");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("a colleague covering the inbox who says no", () => {
  it("is the person's no: the enrollment exits rejected, nothing pauses and resumes", async () => {
    expect(outcome.cover.kind).toBe("reply");
    expect(outcome.cover.outcome).toMatchObject({ person_in_auto_reply: true, intent: "not_interested" });
    const e = await enrollment(people.cover.enrollment);
    expect(e).toMatchObject({ status: "rejected", exit_reason: "rejected", paused_until: null });
    const { items, says } = await timeline("cover");
    const reply = items.find((i) => i.reply)!;
    expect(reply.reply!.reading).toMatch(/^Read as a no/);
    expect(reply.reply!.reading).not.toMatch(/rules:|model:/);
    expect(says.some((s) => s.startsWith("exit"))).toBe(true);
    expect(items.some((i) => i.event_type === "paused")).toBe(false);
  });
});

describe("a data-protection request", () => {
  it("stops every touch: both campaigns end and the address is suppressed", async () => {
    expect(outcome.privacy).toMatchObject({
      kind: "reply",
      outcome: { intent: "unsubscribe", action: "opted_out" },
    });
    for (const id of [people.privacy.enrollment, people.privacy.other!])
      expect((await enrollment(id)).status).toBe("opted_out");
    const s = await sql<{ reason: string }>`select reason from suppressions
      where client_id = ${t.clientId} and kind = 'email' and value = baton_email_key(${people.privacy.email})`.execute(
      db(),
    );
    expect(s.rows[0]?.reason).toBe("data-protection request (erasure)");
  });

  it("opens an erasure request for RevOps, due one month after it came, on the timeline", async () => {
    const r = await api("GET", "/api/v1/data-requests?status=open", t.revops.auth);
    expect(r.statusCode, r.body).toBe(200);
    const items = (
      r.json() as {
        items: { id: string; contact_id: string; kind: string; due_at: string; received_at: string }[];
      }
    ).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      contact_id: people.privacy.id,
      kind: "erasure",
      received_at: RECEIVED,
      due_at: "2026-04-02T16:00:00.000Z",
    });
    // a rep does not see them (RevOps and admins handle erasure)
    expect((await api("GET", "/api/v1/data-requests", t.rep.auth)).statusCode).toBe(403);
    const { items: events, says } = await timeline("privacy");
    expect(events.find((e) => e.reply)!.reply!.reading).toMatch(/a request to delete their data/);
    expect(says).toContain("data_request_opened (erasure) due 2026-04-02");
    // closed once, with what was done
    const closed = await api("POST", `/api/v1/data-requests/${items[0]!.id}/close`, t.revops.auth, {
      outcome: "erased",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const again = await api("POST", `/api/v1/data-requests/${items[0]!.id}/close`, t.revops.auth, {
      outcome: "erased",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("DATA_REQUEST_CLOSED");
  });

  it("forged, the same words open nothing and wait for a person's review", async () => {
    expect(outcome.forged.kind).toBe("untrusted");
    for (const id of [people.forged.enrollment, people.forged.other!])
      expect((await enrollment(id)).status).toBe("paused");
    const r = await api("GET", `/api/v1/data-requests?contact_id=${people.forged.id}`, t.revops.auth);
    expect((r.json() as { items: unknown[] }).items).toHaveLength(0);
  });
});

describe("a left-company notice naming a successor", () => {
  it("ends the enrollment as left_company and proposes the successor to the exec, never enrolling them", async () => {
    expect(outcome.left.kind).toBe("reply");
    expect(await enrollment(people.left.enrollment)).toMatchObject({
      status: "exited",
      exit_reason: "left_company",
    });
    const r = await api("GET", "/api/v1/handoffs?status=open", t.exec.auth);
    expect(r.statusCode, r.body).toBe(200);
    const hs = (r.json() as { items: { id: string; contact_id: string; reply: { body: string } | null }[] })
      .items;
    expect(hs).toHaveLength(1);
    const successor = await db()
      .selectFrom("contacts")
      .select(["contact_id", "full_name", "email"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", hs[0]!.contact_id)
      .executeTakeFirstOrThrow();
    expect(successor).toMatchObject({ full_name: "Jan Weber", email: "jan.weber@left.example" });
    // the hand-off quotes the reply that opened it
    expect(hs[0]!.reply?.body).toContain("has left the company");
    // an approval, never an enrollment: nothing runs for the successor until the exec routes it
    const enrolled = await db()
      .selectFrom("campaign_contacts")
      .select("id")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", successor.contact_id)
      .execute();
    expect(enrolled).toHaveLength(0);
    const { says } = await timeline("left");
    expect(says).toContain("left_company (left_company)");
    expect(says.some((s) => s.startsWith("reply:") && s.endsWith("exited (left_company)"))).toBe(true);
  });
});
