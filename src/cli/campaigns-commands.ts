// baton campaigns …: thin over src/campaigns (spec 002). Every command acts as --token / BATON_TOKEN
// and prints JSON.
import fs from "node:fs";
import {
  createCampaign,
  enrollContact,
  exitEnrollment,
  findCampaign,
  getCampaign,
  listCampaigns,
  listEnrollmentsInBook,
  listHandoffs,
  processReply,
  routeHandoff,
  updateCampaign,
} from "../campaigns/index.ts";
import type { EnrollmentStatus } from "../db/core-tables.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CliCommand, CliContext } from "./command.ts";
import { PAGE_OPTIONS, pageFlags } from "./page-options.ts";

const str = (ctx: CliContext, k: string) =>
  typeof ctx.flags[k] === "string" ? (ctx.flags[k] as string) : undefined;

function need(ctx: CliContext, ...names: string[]): string[] {
  const errors = names
    .filter((n) => (n.startsWith("#") ? !ctx.positionals[Number(n.slice(1))] : !str(ctx, n)))
    .map((n) => ({
      path: n.startsWith("#") ? `argument ${Number(n.slice(1)) + 1}` : `--${n}`,
      message: "is required",
    }));
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
  return names.map((n) => (n.startsWith("#") ? ctx.positionals[Number(n.slice(1))] : str(ctx, n)!));
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e: any) {
    throw new BatonError("INVALID_JSON", { detail: `${file}: ${e.message}` });
  }
}

export const campaignsCommands: CliCommand[] = [
  {
    name: "campaigns define",
    summary: "Create a campaign from a JSON file, or update it when the slug exists",
    usage: "baton campaigns define --file campaign.json",
    options: {
      file: {
        type: "string",
        description: "JSON: {slug, name, type, owner_role, kind, on_exit, steps: [...]}",
      },
    },
    async run(ctx) {
      const [file] = need(ctx, "file");
      const def = readJson(file);
      const p = await ctx.principal();
      const db = await ctx.db();
      if (typeof def?.slug === "string" && (await findCampaign(db, p.clientId, def.slug))) {
        const { slug, ...patch } = def;
        ctx.print(await updateCampaign(db, p, slug, patch, ctx.now()));
      } else {
        ctx.print(await createCampaign(db, p, def, ctx.now()));
      }
    },
  },
  {
    name: "campaigns list",
    summary: "List campaigns with their steps",
    usage: "baton campaigns list [--status active] [--limit 100] [--cursor c]",
    options: { status: { type: "string", description: "active | paused | archived" }, ...PAGE_OPTIONS },
    async run(ctx) {
      const p = await ctx.principal();
      const status = str(ctx, "status") as any;
      ctx.print(await listCampaigns(await ctx.db(), p.clientId, { status, ...pageFlags(ctx) }));
    },
  },
  {
    name: "campaigns show",
    summary: "One campaign with its steps",
    usage: "baton campaigns show <slug>",
    async run(ctx) {
      const [slug] = need(ctx, "#0");
      const p = await ctx.principal();
      ctx.print(await getCampaign(await ctx.db(), p.clientId, slug));
    },
  },
  {
    name: "campaigns enroll",
    summary: "Enroll a contact (through the coordinator's activation gates)",
    usage: "baton campaigns enroll <slug> --contact <contact_id> [--goal g] [--notes n]",
    options: {
      contact: { type: "string", description: "contact id" },
      goal: { type: "string", description: "awareness | pipeline | credibility | marketing_relief" },
      notes: { type: "string", description: "routing notes" },
    },
    async run(ctx) {
      const [campaign, contactId] = need(ctx, "#0", "contact");
      const input = { campaign, contactId, goal: str(ctx, "goal") as any, notes: str(ctx, "notes") };
      ctx.print(await enrollContact(await ctx.db(), await ctx.principal(), input, ctx.now()));
    },
  },
  {
    name: "campaigns enrollments",
    summary: "A campaign's enrollments, optionally by status",
    usage: "baton campaigns enrollments <slug> [--status active] [--limit 100] [--cursor c]",
    options: {
      status: {
        type: "string",
        description: "queued | active | paused | converted | rejected | timed_out | exited | …",
      },
      ...PAGE_OPTIONS,
    },
    async run(ctx) {
      const [campaign] = need(ctx, "#0");
      const p = await ctx.principal();
      const status = str(ctx, "status") as EnrollmentStatus | undefined;
      ctx.print(await listEnrollmentsInBook(await ctx.db(), p, { campaign, status, ...pageFlags(ctx) }));
    },
  },
  {
    name: "campaigns exit",
    summary: "End an enrollment with a reason and follow on_exit",
    usage:
      "baton campaigns exit <enrollment_id> --reason converted|no_engagement|rejected|meeting|registered|disqualified",
    options: {
      reason: { type: "string", description: "exit reason" },
      notes: { type: "string", description: "why" },
    },
    async run(ctx) {
      const [enrollmentId, reason] = need(ctx, "#0", "reason");
      const input = { enrollmentId, reason, notes: str(ctx, "notes") };
      ctx.print(await exitEnrollment(await ctx.db(), await ctx.principal(), input, ctx.now()));
    },
  },
  {
    name: "campaigns handoffs",
    summary: "Hand-offs at the exec gate (open by default)",
    usage: "baton campaigns handoffs [--status open] [--limit 100] [--cursor c]",
    options: {
      status: { type: "string", description: "open | routed | closed (default open)" },
      ...PAGE_OPTIONS,
    },
    async run(ctx) {
      const p = await ctx.principal();
      const status = (str(ctx, "status") ?? "open") as any;
      ctx.print(await listHandoffs(await ctx.db(), p, { status, ...pageFlags(ctx) }));
    },
  },
  {
    name: "campaigns route",
    summary: "The exec routes a hand-off to campaign(s) with notes; no --campaigns closes it",
    usage: "baton campaigns route <handoff_id> [--campaigns a,b] [--goal g] [--notes n]",
    options: {
      campaigns: { type: "string", description: "comma-separated slugs" },
      goal: { type: "string", description: "awareness | pipeline | credibility | marketing_relief" },
      notes: { type: "string", description: "what the next campaign should know" },
    },
    async run(ctx) {
      const [handoffId] = need(ctx, "#0");
      const campaigns = (str(ctx, "campaigns") ?? "").split(",").filter(Boolean);
      const input = { handoffId, campaigns, goal: str(ctx, "goal") as any, notes: str(ctx, "notes") };
      ctx.print(await routeHandoff(await ctx.db(), await ctx.principal(), input, ctx.now()));
    },
  },
  {
    name: "campaigns reply",
    summary: "Submit an inbound reply (process_reply): classify, log, continue / pause / exit",
    usage:
      'baton campaigns reply (--contact <id> | --email <e>) --text "..." [--received-at ISO] [--message-id id]',
    options: {
      contact: { type: "string", description: "contact id" },
      email: { type: "string", description: "contact email" },
      text: { type: "string", description: "the reply's text" },
      "received-at": { type: "string", description: "ISO time (default now)" },
      "message-id": { type: "string", description: "Message-ID, to process a reply once" },
    },
    async run(ctx) {
      const [text] = need(ctx, "text");
      const at = str(ctx, "received-at");
      const receivedAt = at ? new Date(at) : ctx.now();
      if (Number.isNaN(receivedAt.getTime())) {
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--received-at", message: "is not an ISO time" }],
        });
      }
      const input = {
        contactId: str(ctx, "contact"),
        email: str(ctx, "email"),
        text,
        receivedAt,
        messageId: str(ctx, "message-id"),
      };
      ctx.print(await processReply(await ctx.db(), await ctx.principal(), input, ctx.now()));
    },
  },
];
