// baton events | flags | cohort | webhooks | notifications | coordinator execute-plays: thin over
// src/coordinator/{events,flags,cohort,notifications,play-execution}. Each acts as the principal of
// --token / BATON_TOKEN and prints JSON.

import { requireRole } from "../auth/principal.ts";
import { cohortView } from "../cohort/index.ts";
import { BatonError } from "../errors/baton-error.ts";
import { contactTimeline, queryEvents } from "../events/index.ts";
import { listFlags, resolveFlag, scanFlags } from "../flags/index.ts";
import {
  createWebhook,
  deleteWebhook,
  drainNotifications,
  listNotifications,
  listWebhooks,
} from "../notifications/index.ts";
import { executeActivePlaysFor } from "../plays/index.ts";
import type { CliCommand, CliContext } from "./command.ts";

const str = (ctx: CliContext, name: string) => {
  const v = ctx.flags[name];
  return typeof v === "string" && v !== "" ? v : undefined;
};
const int = (ctx: CliContext, name: string) => {
  const v = str(ctx, name);
  return v === undefined ? undefined : Number.parseInt(v, 10);
};
const date = (ctx: CliContext, name: string) => {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: `--${name}`, message: "is not a date-time" }],
    });
  }
  return d;
};
const need = (ctx: CliContext, what: string, i = 0) => {
  const v = ctx.positionals[i];
  if (!v) throw new BatonError("VALIDATION_FAILED", { errors: [{ path: what, message: "is required" }] });
  return v;
};

export const coordinatorPeripheryCommands: CliCommand[] = [
  {
    name: "events",
    summary: "Query the cadence event log, newest first (prints next_cursor for the next page)",
    usage:
      "baton events [--contact id] [--play id] [--proposal id] [--reason touch_cap_exceeded] [--type touch] [--from iso] [--to iso] [--limit 50] [--cursor c]",
    options: {
      contact: { type: "string", description: "contact (prospect) id" },
      play: { type: "string", description: "play id" },
      proposal: { type: "string", description: "originating proposal id" },
      reason: { type: "string", description: "suppressed_reason" },
      type: { type: "string", description: "event_type" },
      from: { type: "string", description: "occurred_at >= from (ISO time)" },
      to: { type: "string", description: "occurred_at < to (ISO time)" },
      limit: { type: "string", description: "page size, 1-500" },
      cursor: { type: "string", description: "next_cursor of the previous page" },
    },
    async run(ctx) {
      ctx.print(
        await queryEvents(await ctx.db(), await ctx.principal(), {
          contact_id: str(ctx, "contact"),
          play_id: str(ctx, "play"),
          originating_proposal_id: str(ctx, "proposal"),
          suppressed_reason: str(ctx, "reason") as never,
          event_type: str(ctx, "type"),
          from: date(ctx, "from"),
          to: date(ctx, "to"),
          limit: Math.min(int(ctx, "limit") ?? 50, 500),
          cursor: str(ctx, "cursor"),
        }),
      );
    },
  },
  {
    name: "events timeline",
    summary: "Every event of a contact in order, with gate decisions and lineage",
    usage: "baton events timeline <contact-id> [--limit 500] [--cursor c]",
    options: {
      limit: { type: "string", description: "page size" },
      cursor: { type: "string", description: "next_cursor of the previous page" },
    },
    async run(ctx) {
      ctx.print(
        await contactTimeline(await ctx.db(), await ctx.principal(), need(ctx, "<contact-id>"), {
          limit: int(ctx, "limit"),
          cursor: str(ctx, "cursor"),
        }),
      );
    },
  },
  {
    name: "flags",
    summary: "List proactive flags (reps see their own)",
    usage: "baton flags [--status open|resolved] [--type stall] [--limit 50] [--cursor c]",
    options: {
      status: { type: "string", description: "open or resolved" },
      type: { type: "string", description: "cap_warning, concurrency, stall or backlog_risk" },
      limit: { type: "string", description: "page size" },
      cursor: { type: "string", description: "next_cursor of the previous page" },
    },
    async run(ctx) {
      ctx.print(
        await listFlags(await ctx.db(), await ctx.principal(), {
          status: str(ctx, "status") as never,
          flag_type: str(ctx, "type") as never,
          limit: int(ctx, "limit"),
          cursor: str(ctx, "cursor"),
        }),
      );
    },
  },
  {
    name: "flags resolve",
    summary: "Resolve a flag",
    usage: "baton flags resolve <flag-id> [--note text]",
    options: { note: { type: "string", description: "what was done" } },
    async run(ctx) {
      ctx.print(
        await resolveFlag(
          await ctx.db(),
          await ctx.principal(),
          need(ctx, "<flag-id>"),
          str(ctx, "note"),
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "flags scan",
    summary: "Run the proactive-flags scan for your tenant now (RevOps)",
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "run the flags scan", "revops", "admin");
      ctx.print(await scanFlags(await ctx.db(), ctx.now(), { clientId: p.clientId }));
    },
  },
  {
    name: "cohort",
    summary: "Quarter-end cohort retrospective: brain-co-designed plays vs no brain",
    usage: "baton cohort --quarter 2026-Q4",
    options: { quarter: { type: "string", description: "YYYY-Qn" } },
    async run(ctx) {
      ctx.print(await cohortView(await ctx.db(), await ctx.principal(), str(ctx, "quarter") ?? ""));
    },
  },
  {
    name: "coordinator execute-plays",
    summary: "Execute your tenant's active plays now: each target contact is asked through the gates",
    async run(ctx) {
      ctx.print({ runs: await executeActivePlaysFor(await ctx.db(), await ctx.principal(), ctx.now()) });
    },
  },
  {
    name: "webhooks",
    summary: "List your tenant's webhooks (secrets hidden)",
    async run(ctx) {
      ctx.print(await listWebhooks(await ctx.db(), await ctx.principal()));
    },
  },
  {
    name: "webhooks add",
    summary: "Add a webhook for signed notifications",
    usage: "baton webhooks add --url https://... --secret <16+ chars> [--events flag.*,coordinator.*]",
    options: {
      url: { type: "string", description: "http(s) URL" },
      secret: { type: "string", description: "signing secret, 16-200 characters" },
      events: { type: "string", description: "comma-separated notification kinds; empty = all" },
    },
    async run(ctx) {
      const url = str(ctx, "url");
      const secret = str(ctx, "secret");
      if (!url || !secret || secret.length < 16) {
        throw new BatonError("VALIDATION_FAILED", {
          errors: [
            { path: "--url/--secret", message: "both are required; the secret has 16 or more characters" },
          ],
        });
      }
      const events = (str(ctx, "events") ?? "").split(",").filter(Boolean);
      ctx.print(
        await createWebhook(
          await ctx.db(),
          await ctx.principal(),
          { url, secret, event_types: events },
          ctx.now(),
          ctx.config.webhooks,
        ),
      );
    },
  },
  {
    name: "webhooks remove",
    summary: "Remove a webhook and its pending deliveries",
    usage: "baton webhooks remove <webhook-id>",
    async run(ctx) {
      const id = need(ctx, "<webhook-id>");
      await deleteWebhook(await ctx.db(), await ctx.principal(), id);
      ctx.print({ removed: id });
    },
  },
  {
    name: "notifications",
    summary: "Notifications from the outbox (all for RevOps/admin, else those addressed to you)",
    usage: "baton notifications [--kind flag.stall] [--mine] [--limit 50]",
    options: {
      kind: { type: "string", description: "notification kind" },
      mine: { type: "boolean", description: "only those addressed to me" },
      limit: { type: "string", description: "page size" },
    },
    async run(ctx) {
      ctx.print(
        await listNotifications(await ctx.db(), await ctx.principal(), {
          kind: str(ctx, "kind"),
          mine: ctx.flags.mine === true,
          limit: int(ctx, "limit"),
        }),
      );
    },
  },
  {
    name: "notifications drain",
    summary: "Deliver due webhook notifications now (what the server's drainer does every 5 s)",
    async run(ctx) {
      requireRole(await ctx.principal(), "drain notifications", "revops", "admin");
      ctx.print(await drainNotifications(await ctx.db(), ctx.now(), { addressPolicy: ctx.config.webhooks }));
    },
  },
];
