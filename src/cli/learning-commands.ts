// baton learning ...: step funnels, A/B variants and retrospectives from the command line, thin over
// src/learning (docs/learning.md). Output is JSON.
import { requireRole } from "../auth/principal.ts";
import { BatonError } from "../errors/baton-error.ts";
import {
  campaignFunnel,
  campaignVariants,
  decideRetrospective,
  draftDueRetrospectives,
  listRetrospectives,
  playFunnel,
  promoteVariant,
} from "../learning/index.ts";
import type { CliCommand, CliContext } from "./command.ts";

const str = (ctx: CliContext, k: string) =>
  typeof ctx.flags[k] === "string" ? (ctx.flags[k] as string) : undefined;
const need = (ctx: CliContext, k: string) => {
  const v = str(ctx, k);
  if (v === undefined) throw new BatonError("VALIDATION_FAILED", { detail: `--${k} is required` });
  return v;
};
const READERS = ["revops", "slm", "exec", "admin"] as const;

export const learningCommands: CliCommand[] = [
  {
    name: "learning funnel",
    summary: "Step funnel of a campaign (--campaign) or a play (--play), from the rollup",
    usage: "baton learning funnel --campaign <slug> | --play <id> [--from YYYY-MM-DD] [--to YYYY-MM-DD]",
    options: {
      campaign: { type: "string", description: "campaign slug or id" },
      play: { type: "string", description: "play id" },
      from: { type: "string", description: "first week (YYYY-MM-DD)" },
      to: { type: "string", description: "last week (YYYY-MM-DD)" },
    },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "read funnels", ...READERS);
      const q = { from: str(ctx, "from"), to: str(ctx, "to") };
      const play = str(ctx, "play");
      ctx.print(
        play
          ? await playFunnel(await ctx.db(), p.clientId, play, q)
          : await campaignFunnel(await ctx.db(), p.clientId, need(ctx, "campaign"), q),
      );
    },
  },
  {
    name: "learning variants",
    summary: "A/B variants of a campaign's steps: rates, z-test, probability better, sends to go",
    usage: "baton learning variants --campaign <slug>",
    options: { campaign: { type: "string", description: "campaign slug or id" } },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "read variants", ...READERS);
      ctx.print(await campaignVariants(await ctx.db(), p.clientId, need(ctx, "campaign")));
    },
  },
  {
    name: "learning promote",
    summary: "Promote a step's winning variant (RevOps): logged; the others stop being assigned",
    usage: "baton learning promote --campaign <slug> --step <n> --variant <key>",
    options: {
      campaign: { type: "string", description: "campaign slug or id" },
      step: { type: "string", description: "step number" },
      variant: { type: "string", description: "the winning variant's key" },
    },
    async run(ctx) {
      const input = {
        campaign: need(ctx, "campaign"),
        step: Number(need(ctx, "step")),
        variant: need(ctx, "variant"),
      };
      ctx.print(await promoteVariant(await ctx.db(), await ctx.principal(), input, ctx.now()));
    },
  },
  {
    name: "learning retrospectives",
    summary: "Retrospectives (all, or of --play); --draft-due drafts those whose evaluation window ended",
    usage: "baton learning retrospectives [--play <id>] [--draft-due]",
    options: {
      play: { type: "string", description: "play id" },
      "draft-due": { type: "boolean", description: "draft what is due now (the hourly job's pass)" },
    },
    async run(ctx) {
      const p = await ctx.principal();
      requireRole(p, "read retrospectives", ...READERS);
      if (ctx.flags["draft-due"]) {
        requireRole(p, "draft retrospectives", "revops", "admin");
        ctx.print(await draftDueRetrospectives(await ctx.db(), ctx.now()));
        return;
      }
      ctx.print({
        items: await listRetrospectives(await ctx.db(), p.clientId, { playId: str(ctx, "play") }),
      });
    },
  },
  {
    name: "learning decide",
    summary: "Confirm a retrospective or amend its outcomes (RevOps)",
    usage: "baton learning decide <retrospective-id> --confirm | --amend '<outcomes JSON>' [--notes text]",
    options: {
      confirm: { type: "boolean", description: "confirm the draft as it is" },
      amend: { type: "string", description: "outcomes JSON: meeting_rate, opp_create_rate, acv, …" },
      notes: { type: "string", description: "why" },
    },
    async run(ctx) {
      const id = ctx.positionals[0];
      if (!id) throw new BatonError("VALIDATION_FAILED", { detail: "give the retrospective id" });
      const amend = str(ctx, "amend");
      let outcomes: Record<string, unknown> | undefined;
      if (amend) {
        try {
          outcomes = JSON.parse(amend);
        } catch (e) {
          throw new BatonError("INVALID_JSON", { detail: `--amend: ${(e as Error).message}` });
        }
      }
      ctx.print(
        await decideRetrospective(
          await ctx.db(),
          await ctx.principal(),
          id,
          { action: amend ? "amend" : "confirm", outcomes, notes: str(ctx, "notes") },
          ctx.now(),
        ),
      );
    },
  },
];
