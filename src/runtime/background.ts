// The one composition root of background work: every job that runs inside the server process is
// listed here, with its schedule. Domain modules export plain functions (a pass over the database,
// or a job taking AppDeps and returning its stop); they never import src/runtime. To add a job,
// add one entry below.
import { purgeExpiredKeys, sweepApprovalRequests } from "../agents/index.ts";
import type { AppDeps } from "../api/context.ts";
import { purgeUnusedClients } from "../auth/mcp-oauth/purge-unused-clients.ts";
import { replyModelTrainingPass } from "../campaigns/index.ts";
import { createCrmAdapter } from "../crm/create-crm-adapter.ts";
import { crmOutboxJob } from "../crm/crm-outbox-job.ts";
import { pollAllCrmChanges } from "../crm/poll-crm-changes.ts";
import { analyzeStaleTables } from "../db/analyze-owned.ts";
import { startEngineJob } from "../engine/index.ts";
import { advanceEventCursors } from "../event-log/index.ts";
import { scanFlags } from "../flags/index.ts";
import { startInboxJob } from "../inbox/index.ts";
import { draftDueRetrospectives } from "../learning/index.ts";
import { drainNotificationsPass } from "../notifications/index.ts";
import { executeActivePlays, sunsetExpiredPlays } from "../plays/index.ts";
import { sweepInterruptedImports } from "../prospects/import-job.ts";
import { retentionPass } from "../prospects/purge-retention.ts";
import { intervalJob } from "./interval-job.ts";
import type { BackgroundJob, Stop } from "./job.ts";

export type { BackgroundJob } from "./job.ts";

const MINUTE = 60_000;

export const backgroundJobs: ReadonlyArray<{ name: string; start: BackgroundJob }> = [
  // the CRM outbox drainer (Attio or the built-in CRM), every 2 s
  { name: "crm-outbox", start: crmOutboxJob },
  // the event log's cursors (the learning rollup, the dashboard's daily figures), every 5 s; readers
  // add what a cursor has not reached yet, so this pace sets only how long that tail is
  {
    name: "event-log-cursors",
    start: intervalJob("event-log-cursors", 5_000, (d) => advanceEventCursors(d.db), 0),
  },
  // changes made in the CRM of record (opt-outs, owners, stages, deletions) read back by polling,
  // every minute, first after 30 s; only CRMs with readChanges (HubSpot, Salesforce, Attio) do anything
  {
    name: "crm-poll",
    start: intervalJob(
      "crm-poll",
      MINUTE,
      (d, now) => pollAllCrmChanges(d.db, createCrmAdapter(d.db, d.config), now),
      30_000,
    ),
  },
  // the engine's dispatcher: a pass every config.engineTickMs, at once again while there is work
  { name: "engine", start: startEngineJob },
  // the mailbox ingester: leases mailboxes, reads replies and bounces over IMAP (off: BATON_INBOX=false)
  { name: "inbox", start: startInboxJob },
  // the embedded database's statistics: PGlite runs no autovacuum, so its tables changed by more
  // than 50 rows and a tenth since their last ANALYZE are analyzed, a minute after start and then
  // every minute (src/db/analyze-owned.ts); on a server autovacuum does it
  {
    name: "analyze",
    start: intervalJob(
      "analyze",
      MINUTE,
      async (d) => (d.database.kind === "pglite" ? analyzeStaleTables(d.db) : []),
      MINUTE,
    ),
  },
  // auto-sunset of expired plays, at start and then once a minute
  { name: "sunset", start: intervalJob("sunset", MINUTE, (d, now) => sunsetExpiredPlays(d.db, now), 0) },
  // Idempotency-Keys past their 24 h, at start and then hourly
  {
    name: "idempotency-purge",
    start: intervalJob("idempotency-purge", 60 * MINUTE, (d, now) => purgeExpiredKeys(d.db, now), 0),
  },
  // MCP OAuth clients no person approved within a day of registering, expired sign-in requests, old
  // registration and sign-in limit windows (issue 73); at start and then hourly
  {
    name: "oauth-purge",
    start: intervalJob("oauth-purge", 60 * MINUTE, (d, now) => purgeUnusedClients(d.db, now), 0),
  },
  // the notifications outbox: in-app notices and webhook deliveries, every 5 s
  {
    name: "notifications",
    start: intervalJob("notifications", 5_000, (d, now) =>
      drainNotificationsPass(d.db, now, d.metrics, { addressPolicy: d.config.webhooks }),
    ),
  },
  // the proactive-flags scan (spec 001 scheduled checks), every 15 minutes, first after 1 minute
  { name: "flags", start: intervalJob("flags", 15 * MINUTE, (d, now) => scanFlags(d.db, now), MINUTE) },
  // active plays at sequence-generation time (spec 001 wire 4), every 10 minutes, first after 30 s
  {
    name: "play-execution",
    start: intervalJob("play-execution", 10 * MINUTE, (d, now) => executeActivePlays(d.db, now), 30_000),
  },
  // retrospective drafts for plays whose evaluation window ended (spec 000), hourly, first after 1 minute
  {
    name: "retrospectives",
    start: intervalJob("retrospectives", 60 * MINUTE, (d, now) => draftDueRetrospectives(d.db, now), MINUTE),
  },
  // import jobs whose process stopped mid-way are failed with what to do, at start and then every minute
  {
    name: "import-sweep",
    start: intervalJob("import-sweep", MINUTE, (d, now) => sweepInterruptedImports(d.db, now), 0),
  },
  // agents' approval requests (issue 71 item 2): pending ones past their time expire, and one left
  // running past its bound (its process stopped mid-action; the action's transaction rolled back)
  // is settled failed, APPROVAL_ACTION_INTERRUPTED; at start and then every minute
  {
    name: "approval-sweep",
    start: intervalJob("approval-sweep", MINUTE, (d, now) => sweepApprovalRequests(d.db, now), 0),
  },
  // retention purge (issue 15, docs/prospect-data.md): replies, drafts, bodies, 7-year plays; every 6 h, first after 5 min
  {
    name: "retention",
    start: intervalJob("retention", 360 * MINUTE, (d, now) => retentionPass(d, now), 5 * MINUTE),
  },
  // the tenants' reply models learn from their people's triage decisions (issue 72 item 2): every
  // BATON_REPLY_MODEL_TRAIN_MINUTES (6 h; 0: never), first after 10 minutes; one tenant at a time,
  // each trained in a worker thread, so the server's event loop keeps serving; a shutdown stops the
  // running training (nothing recorded) instead of waiting up to its 2 minutes
  {
    name: "reply-model",
    start: (deps) =>
      deps.config.replyModelTrainMinutes > 0
        ? intervalJob(
            "reply-model",
            deps.config.replyModelTrainMinutes * MINUTE,
            (d, now, signal) => replyModelTrainingPass(d.db, now, { signal }),
            10 * MINUTE,
          )(deps)
        : async () => {},
  },
];

/** Starts every background job; the returned function stops them in reverse order. */
export async function startBackground(deps: AppDeps): Promise<Stop> {
  const stops: Stop[] = [];
  for (const job of backgroundJobs) stops.push(await job.start(deps));
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
