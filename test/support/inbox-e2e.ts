// The set-up the inbox's end-to-end tests share (issue 56 review, D2 D4 D5 D11 D21), so each test
// says only what it tests: the campaigns a reply acts on (a sales close whose conversion enrolls a
// nurture), the step-1 sends whose Message-IDs the replies answer, a Dovecot mailbox as Baton's
// inbox, an in-process inbox worker and waiting until it is connected (IDLE delivers only then), and
// a `baton inbox work` process's environment.
import type { Kysely } from "kysely";
import type { Principal } from "../../src/auth/principal.ts";
import { createCampaign } from "../../src/campaigns/index.ts";
import type { DB } from "../../src/db/database.ts";
import { type InboxWorkerOptions, startInboxWorker } from "../../src/inbox/inbox-worker.ts";
import { type AddInboxInput, addInbox } from "../../src/inbox/manage-inboxes.ts";
import { listMailboxStates } from "../../src/inbox/read-mailbox-state.ts";
import type { DovecotServer } from "./dovecot.ts";

/** An email step `d` days after the previous one. */
export const emailStep = (n: number, d: number) => ({
  step_number: n,
  delay_days: d,
  channel: "email" as const,
  content_type: "follow_up",
  template_instructions: `step ${n}`,
});

/**
 * The two campaigns a reply acts on: `next` (a one-step nurture) and `close` (a three-step sales
 * sequence whose conversion enrolls `next`; no_engagement and rejected end there).
 */
export async function createReplyCampaigns(
  db: Kysely<DB>,
  revops: Principal,
  o: { close: string; next: string; nextName?: string },
  now: Date,
): Promise<void> {
  await createCampaign(
    db,
    revops,
    {
      slug: o.next,
      name: o.nextName ?? "Next",
      type: "onboarding",
      owner_role: "roles.cs",
      kind: "nurture",
      steps: [emailStep(1, 0)],
    },
    now,
  );
  await createCampaign(
    db,
    revops,
    {
      slug: o.close,
      name: "Close",
      type: "membership",
      owner_role: "roles.sales",
      kind: "sales",
      on_exit: { converted: o.next, no_engagement: null, rejected: null },
      steps: [emailStep(1, 0), emailStep(2, 3), emailStep(3, 7)],
    },
    now,
  );
}

/** The tenants' step-1 sends: whom each went to and the Message-ID a reply answers. */
export function stepOneSends(db: Kysely<DB>, clientIds: readonly string[]) {
  return db
    .selectFrom("sales_send_queue as q")
    .innerJoin("channel_deliveries as d", (j) =>
      j.onRef("d.client_id", "=", "q.client_id").onRef("d.idempotency_key", "=", "q.idempotency_key"),
    )
    .select(["q.contact_id", "q.status", "d.message_id", "d.to_address"])
    .where("q.client_id", "in", clientIds)
    .where("q.step_number", "=", 1)
    .execute();
}

/** The Dovecot mailbox as the tenant's inbox, on plain IMAP, trusting the receiving servers named. */
export function addDovecotInbox(
  db: Kysely<DB>,
  admin: Principal,
  dovecot: DovecotServer,
  o: { secret: string; mailbox: string; auth: AddInboxInput["auth"]; trustedAuthservIds: string[] },
  now: Date,
) {
  return addInbox(
    db,
    admin,
    o.secret,
    {
      mailbox: o.mailbox,
      host: dovecot.host,
      port: dovecot.port,
      tls: false,
      auth: o.auth,
      trustedAuthservIds: o.trustedAuthservIds,
    },
    now,
  );
}

/** A `baton inbox work` process's environment: this database, no demo, no LLM, no CRM. */
export function inboxWorkEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BATON_DEMO: "false",
    LLM_BASE_URL: "",
    ATTIO_API_KEY: "",
    ...extra,
  };
}

/** Waits (10 s at most) until an in-process worker holds the mailbox's IMAP connection. */
export async function waitMailboxConnected(
  db: Kysely<DB>,
  reader: Principal,
  clock: () => Date,
  mailbox: string,
): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const [s] = await listMailboxStates(db, reader, clock(), mailbox);
    if (s?.inbox?.connected) return;
    if (Date.now() > until) throw new Error(`mailbox did not connect: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * An in-process inbox worker as the end-to-end tests run it: a long lease, polling only every 30 s
 * (so only IDLE delivers quickly), claims every 100 ms, 3 soft bounces suppress, errors on stderr.
 */
export function startTestInboxWorker(
  db: Kysely<DB>,
  o: Pick<InboxWorkerOptions, "workerId" | "maxMailboxes" | "secret" | "clock" | "clientIds"> &
    Partial<InboxWorkerOptions>,
) {
  return startInboxWorker(db, {
    leaseMs: 60_000,
    pollMs: 30_000,
    softBounceLimit: 3,
    secretEnv: {},
    claimEveryMs: 100,
    onError: (e, where) => console.error(`inbox worker: ${where}`, e),
    ...o,
  });
}

/**
 * A plain-text reply as a buyer's mail client writes it (`headers` above the rest, as a receiving
 * server adds its own); its Message-ID is `<seq@messageIdDomain>`.
 */
export function plainReply(o: {
  from: string;
  to: string;
  messageIdDomain: string;
  inReplyTo?: string;
  text: string;
  seq: string;
  headers?: string[];
}): string {
  return [
    ...(o.headers ?? []),
    `From: ${o.from}`,
    `To: ${o.to}`,
    "Subject: Re: Quick question",
    "Date: Mon, 02 Mar 2026 16:00:00 +0000",
    `Message-ID: <${o.seq}@${o.messageIdDomain}>`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "",
    o.text,
    "",
  ].join("\r\n");
}
