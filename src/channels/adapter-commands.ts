// CLI for the adapters: per-mailbox daily limits, the CRM outbox, and the reply classifier.
import { requireRole } from "../auth/principal.ts";
import type { CliCommand } from "../cli/command.ts";
import { createCrmAdapter } from "../crm/create-crm-adapter.ts";
import { listCrmOutbox, retryDeadCrmWrite } from "../crm/crm-outbox-queries.ts";
import { drainCrmOutbox } from "../crm/drain-crm-outbox.ts";
import { BatonError } from "../errors/baton-error.ts";
import { ruleClassifier } from "../replies/rule-classifier.ts";
import { listMailboxLimits, setMailboxLimit } from "./mailbox-limits.ts";

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
    summary: "Set (or clear with --daily none) a sending mailbox's daily send limit",
    usage: "baton mailboxes limit --mailbox sales@acme.example --daily 200",
    options: {
      mailbox: { type: "string", description: "the From address" },
      daily: { type: "string", description: "sends per UTC day, or 'none'" },
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
      ctx.print(await listMailboxLimits(await ctx.db(), p.clientId, ctx.now()));
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
    options: { status: { type: "string", description: "pending | done | dead" } },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "read the CRM outbox", "revops", "admin", "exec");
      const status = flag(ctx, "status") as "pending" | "done" | "dead" | undefined;
      ctx.print(await listCrmOutbox(await ctx.db(), p.clientId, { status }));
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
    summary: "Classify a reply with the built-in rules (reads --text)",
    usage: 'baton replies classify --text "Out of office until March 3"',
    options: { text: { type: "string", description: "the reply text" } },
    async run(ctx) {
      ctx.print(await ruleClassifier.classify(flag(ctx, "text") ?? "", ctx.now()));
    },
  },
];
