// CLI for the adapters: per-mailbox daily limits and warm-up ramps, campaign mailbox pools, DKIM
// keys, the CRM outbox, and the reply classifier.
import fs from "node:fs";
import { requireRole } from "../auth/principal.ts";
import {
  addDkimKey,
  listDkimKeys,
  listMailboxLimits,
  mailboxSendState,
  setMailboxLimit,
  setMailboxRamp,
  utcDay,
} from "../channels/index.ts";
import { createCrmAdapter } from "../crm/create-crm-adapter.ts";
import { listCrmOutbox, retryDeadCrmWrite } from "../crm/crm-outbox-queries.ts";
import { drainCrmOutbox } from "../crm/drain-crm-outbox.ts";
import { BatonError } from "../errors/baton-error.ts";
import { isMailboxAddress, setPoolMailbox } from "../mailboxes/index.ts";
import { createReplyClassifier } from "../replies/index.ts";
import type { CliCommand } from "./command.ts";
import { PAGE_OPTIONS, pageFlags } from "./page-options.ts";

function invalid(path: string, message: string): BatonError {
  return new BatonError("VALIDATION_FAILED", { errors: [{ path, message }] });
}

const wholeNumber = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);

function flag(
  ctx: { flags: Record<string, string | boolean | undefined> },
  name: string,
): string | undefined {
  const v = ctx.flags[name];
  return typeof v === "string" ? v : undefined;
}

export const adapterCommands: CliCommand[] = [
  {
    name: "mailboxes limit",
    summary:
      "Set (or clear with --daily none) a sending mailbox's daily send limit and its warm-up ramp (--ramp-start N --ramp-step M [--ramp-from YYYY-MM-DD], or --ramp none)",
    usage:
      "baton mailboxes limit --mailbox sales@acme.example --daily 200 [--ramp-start 20 --ramp-step 10 --ramp-from 2026-12-01]",
    options: {
      mailbox: { type: "string", description: "the From address" },
      daily: { type: "string", description: "sends per UTC day, or 'none'" },
      "ramp-start": { type: "string", description: "warm-up: sends on the first day" },
      "ramp-step": { type: "string", description: "warm-up: more sends each day after" },
      "ramp-from": { type: "string", description: "warm-up: first day (UTC, YYYY-MM-DD; default today)" },
      ramp: { type: "string", description: "'none' clears the warm-up ramp" },
    },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "set mailbox limits", "revops", "admin");
      const mailbox = flag(ctx, "mailbox");
      const daily = flag(ctx, "daily");
      const n = daily === "none" ? null : Number(daily);
      if (!mailbox || (n !== null && (!Number.isInteger(n) || n < 0))) {
        throw new BatonError("VALIDATION_FAILED", {
          errors: [
            { path: "--mailbox/--daily", message: "give a mailbox and a whole number >= 0 (or 'none')" },
          ],
        });
      }
      await setMailboxLimit(await ctx.db(), p.clientId, mailbox, n, ctx.now());
      const start = flag(ctx, "ramp-start");
      if (n !== null && (start !== undefined || flag(ctx, "ramp") === "none")) {
        const step = wholeNumber(flag(ctx, "ramp-step") ?? "0");
        const from = flag(ctx, "ramp-from") ?? utcDay(ctx.now());
        if (start !== undefined && (wholeNumber(start) === null || step === null))
          throw invalid("--ramp-start/--ramp-step", "whole numbers >= 0");
        if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(Date.parse(from)))
          throw invalid("--ramp-from", "a day YYYY-MM-DD");
        const ramp =
          start === undefined ? null : { start: Number(start), step: step as number, startDay: from };
        await setMailboxRamp(await ctx.db(), p.clientId, mailbox, ramp, ctx.now());
      }
      ctx.print(await mailboxSendState(await ctx.db(), p.clientId, ctx.now()));
    },
  },
  {
    name: "mailboxes pool",
    summary: "Add (or --remove) a sending mailbox to a campaign's pool; the pool's mailboxes are rotated",
    usage: "baton mailboxes pool --campaign b2bea_world --add jane@acme.example",
    options: {
      campaign: { type: "string", description: "campaign slug" },
      add: { type: "string", description: "mailbox to add" },
      remove: { type: "string", description: "mailbox to remove" },
    },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "set mailbox pools", "revops", "admin");
      const db = await ctx.db();
      const mailbox = flag(ctx, "add") ?? flag(ctx, "remove");
      if (!mailbox || !isMailboxAddress(mailbox)) throw invalid("--add/--remove", "an email address");
      const c = await db
        .selectFrom("campaigns")
        .select("id")
        .where("client_id", "=", p.clientId)
        .where("slug", "=", flag(ctx, "campaign") ?? "")
        .executeTakeFirst();
      if (!c) throw new BatonError("CAMPAIGN_NOT_FOUND", { campaign: flag(ctx, "campaign") ?? "" });
      const op = flag(ctx, "add") ? "add" : "remove";
      ctx.print({ pool: await setPoolMailbox(db, p.clientId, c.id, mailbox, op, ctx.now()) });
    },
  },
  {
    name: "mailboxes state",
    summary: "Each sending mailbox: sends today against today's limit, the warm-up ramp, its campaigns",
    async run(ctx) {
      const p = await ctx.principal();
      ctx.print(await mailboxSendState(await ctx.db(), p.clientId, ctx.now()));
    },
  },
  {
    name: "dkim add",
    summary:
      "Add the DKIM key of a sending domain (generated, or --key-file PEM); prints the DNS TXT record to publish, never the private key",
    usage: "baton dkim add --domain acme.example --selector baton2026 [--key-file private.pem]",
    options: {
      domain: { type: "string", description: "the From addresses' domain" },
      selector: { type: "string", description: "DKIM selector (DNS: <selector>._domainkey.<domain>)" },
      "key-file": { type: "string", description: "RSA private key (PEM); default: a new 2048-bit key" },
    },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "add DKIM keys", "admin", "revops");
      const file = flag(ctx, "key-file");
      const view = await addDkimKey(
        await ctx.db(),
        ctx.config.secret,
        p.clientId,
        {
          domain: flag(ctx, "domain") ?? "",
          selector: flag(ctx, "selector") ?? "",
          privateKeyPem: file ? fs.readFileSync(file, "utf8") : undefined,
        },
        ctx.now(),
      );
      ctx.print(view);
    },
  },
  {
    name: "dkim list",
    summary: "The tenant's DKIM keys: domain, selector and DNS record (never the private key)",
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "read DKIM keys", "admin", "revops");
      ctx.print(await listDkimKeys(await ctx.db(), p.clientId));
    },
  },
  {
    name: "mailboxes list",
    summary: "Mailboxes with a daily limit and today's sends",
    async run(ctx) {
      const p = await ctx.principal();
      ctx.print(await listMailboxLimits(await ctx.db(), p.clientId, ctx.now()));
    },
  },
  {
    name: "crm outbox",
    summary: "CRM writes pending, applied and dead-lettered (--status dead)",
    usage: "baton crm outbox [--status dead] [--limit 50] [--cursor c]",
    options: { status: { type: "string", description: "pending | done | dead" }, ...PAGE_OPTIONS },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "read the CRM outbox", "revops", "admin", "exec");
      const status = flag(ctx, "status") as "pending" | "done" | "dead" | undefined;
      ctx.print(await listCrmOutbox(await ctx.db(), p.clientId, { status, ...pageFlags(ctx) }));
    },
  },
  {
    name: "crm retry",
    summary: "Re-queue a dead-lettered CRM write",
    usage: "baton crm retry --id 42",
    options: { id: { type: "string", description: "outbox item id" } },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "re-queue a CRM write", "revops", "admin");
      ctx.print(await retryDeadCrmWrite(await ctx.db(), p.clientId, Number(flag(ctx, "id")), ctx.now()));
    },
  },
  {
    name: "crm drain",
    summary: "Apply due CRM writes now (the server does this in the background)",
    async run(ctx) {
      const db = await ctx.db();
      ctx.print(await drainCrmOutbox(db, createCrmAdapter(db, ctx.config), ctx.now()));
    },
  },
  {
    name: "replies classify",
    summary:
      "Classify a reply with the classifier the server uses (reads --text): the LLM when configured, else the rules and the model",
    usage: 'baton replies classify --text "Out of office until March 3"',
    options: { text: { type: "string", description: "the reply text" } },
    async run(ctx) {
      ctx.print(await createReplyClassifier(ctx.config).classify(flag(ctx, "text") ?? "", ctx.now()));
    },
  },
];
