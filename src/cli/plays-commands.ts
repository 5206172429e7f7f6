// baton plays ...: the play library from the command line, thin over src/plays (spec 000).
import fs from "node:fs";
import { BatonError } from "../errors/baton-error.ts";
import type { RetireReason } from "../plays/index.ts";
import {
  type ApprovalRole,
  activePlaysForAccount,
  activePlaysForSegment,
  approvePlay,
  archiveColdPlays,
  capSignals,
  copyRetiredPlay,
  createDraft,
  type DraftInput,
  editPlay,
  editVolume,
  getPlay,
  getPlayConfig,
  listAgentDrafts,
  listByProposal,
  listQueue,
  type PlayEdit,
  pickUpPlay,
  playHistory,
  promotionRates,
  recordRetrospective,
  retirePlay,
  retrospectives,
  setPlayConfig,
  setSegmentConfig,
  sunsetExpiredPlays,
} from "../plays/index.ts";
import { purgeRetention } from "../prospects/purge-retention.ts";
import type { CliCommand, CliContext } from "./command.ts";

const str = (ctx: CliContext, k: string) =>
  typeof ctx.flags[k] === "string" ? (ctx.flags[k] as string) : undefined;

function json(ctx: CliContext, flag: string): unknown {
  const raw = str(ctx, flag);
  if (raw === undefined) return undefined;
  const text = raw.startsWith("@") ? fs.readFileSync(raw.slice(1), "utf8") : raw;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BatonError("INVALID_JSON", { detail: `--${flag}: ${(e as Error).message}` });
  }
}

function playId(ctx: CliContext): string {
  const id = ctx.positionals[0];
  if (!id)
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "<play_id>", message: "is required" }] });
  return id;
}

function int(ctx: CliContext, k: string): number | undefined {
  const v = str(ctx, k);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: `--${k}`, message: "must be an integer" }],
    });
  return n;
}

const idCommand = (
  name: string,
  summary: string,
  run: (ctx: CliContext, id: string) => Promise<unknown>,
  extra: Partial<CliCommand> = {},
): CliCommand => ({
  name,
  summary,
  usage: `baton ${name} <play_id>`,
  ...extra,
  async run(ctx) {
    ctx.print(await run(ctx, playId(ctx)));
  },
});

export const playsCommands: CliCommand[] = [
  {
    name: "plays draft",
    summary: "Draft a play as a brain agent (body as in POST /api/v1/plays)",
    usage: "baton plays draft --json '<draft>' | --json @draft.json",
    options: { json: { type: "string", description: "the draft, JSON or @file" } },
    async run(ctx) {
      const body = json(ctx, "json") as DraftInput | undefined;
      if (!body)
        throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "--json", message: "is required" }] });
      ctx.print(await createDraft(await ctx.db(), await ctx.principal(), body, ctx.now()));
    },
  },
  {
    name: "plays queue",
    summary: "The workspace queue: draft and under_review plays, newest first",
    usage:
      "baton plays queue [--state draft|under_review] [--segment s] [--agent AGT-901] [--limit n] [--cursor c]",
    options: {
      state: { type: "string", description: "draft or under_review" },
      segment: { type: "string", description: "only this segment" },
      agent: { type: "string", description: "only this brain agent's drafts" },
      limit: { type: "string", description: "page size (default 50)" },
      cursor: { type: "string", description: "next_cursor of the previous page" },
    },
    async run(ctx) {
      const state = str(ctx, "state");
      if (state && state !== "draft" && state !== "under_review")
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--state", message: "must be draft or under_review" }],
        });
      ctx.print(
        await listQueue(
          await ctx.db(),
          await ctx.principal(),
          {
            state: state as "draft" | undefined,
            segment: str(ctx, "segment"),
            agent: str(ctx, "agent"),
            limit: int(ctx, "limit"),
            cursor: str(ctx, "cursor"),
          },
          ctx.now(),
        ),
      );
    },
  },
  idCommand("plays show", "One play with its history (archived plays too)", async (ctx, id) => {
    const play = await getPlay(await ctx.db(), await ctx.principal(), id, ctx.now());
    return { play, history: playHistory(play) };
  }),
  idCommand("plays pickup", "Pick up a draft for review (RevOps or SLM)", async (ctx, id) =>
    pickUpPlay(await ctx.db(), await ctx.principal(), id, ctx.now()),
  ),
  idCommand(
    "plays edit",
    "Edit a play under review; the database logs the edit",
    async (ctx, id) => {
      const edit: PlayEdit = {
        name: str(ctx, "name"),
        hypothesis: str(ctx, "hypothesis"),
        target_definition: json(ctx, "target") as PlayEdit["target_definition"],
        suggested_cadence: json(ctx, "cadence") as PlayEdit["suggested_cadence"],
        active_period_end: str(ctx, "end") === "none" ? null : str(ctx, "end"),
      };
      return editPlay(await ctx.db(), await ctx.principal(), id, edit, ctx.now());
    },
    {
      usage:
        "baton plays edit <play_id> [--name n] [--hypothesis h] [--target json|@file] [--cadence json|@file] [--end YYYY-MM-DD|none]",
      options: {
        name: { type: "string", description: "new name" },
        hypothesis: { type: "string", description: "new hypothesis" },
        target: { type: "string", description: "target_definition JSON or @file" },
        cadence: { type: "string", description: "suggested_cadence JSON or @file" },
        end: { type: "string", description: "active_period_end (sunset date) or none" },
      },
    },
  ),
  idCommand(
    "plays approve",
    "Approve as SLM or RevOps; the second approval by another person activates",
    async (ctx, id) => {
      const as = str(ctx, "as");
      if (as && as !== "slm" && as !== "revops")
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--as", message: "must be slm or revops" }],
        });
      return approvePlay(
        await ctx.db(),
        await ctx.principal(),
        id,
        {
          as: as as ApprovalRole | undefined,
          active_period_start: str(ctx, "start"),
          active_period_end: str(ctx, "end"),
        },
        ctx.now(),
      );
    },
    {
      usage: "baton plays approve <play_id> [--as slm|revops] [--start YYYY-MM-DD] [--end YYYY-MM-DD]",
      options: {
        as: { type: "string", description: "which approval (needed only when you hold both roles)" },
        start: { type: "string", description: "active_period_start (default today)" },
        end: { type: "string", description: "active_period_end (sunset date)" },
      },
    },
  ),
  idCommand(
    "plays retire",
    "Retire a play (RevOps) with --reason",
    async (ctx, id) =>
      retirePlay(
        await ctx.db(),
        await ctx.principal(),
        id,
        str(ctx, "reason") as RetireReason | undefined,
        ctx.now(),
      ),
    {
      usage:
        "baton plays retire <play_id> --reason completed|replaced|poor_performance|rejected_at_review|rejected_at_draft|auto_sunset",
      options: { reason: { type: "string", description: "retire_reason" } },
    },
  ),
  idCommand("plays copy", "Copy a retired play into a new draft (RevOps or SLM)", async (ctx, id) =>
    copyRetiredPlay(await ctx.db(), await ctx.principal(), id, ctx.now()),
  ),
  idCommand(
    "plays retrospective",
    "Record retrospective outcomes (RevOps)",
    async (ctx, id) =>
      recordRetrospective(await ctx.db(), await ctx.principal(), id, json(ctx, "outcomes") as any, ctx.now()),
    {
      usage: "baton plays retrospective <play_id> --outcomes '{\"meeting_rate\":0.12}'",
      options: { outcomes: { type: "string", description: "outcomes JSON or @file" } },
    },
  ),
  {
    name: "plays active",
    summary: "Active plays of a segment or an account (the coordinator's hot path)",
    usage: "baton plays active (--segment s | --account <account_id>)",
    options: {
      segment: { type: "string", description: "segment" },
      account: { type: "string", description: "account id" },
    },
    async run(ctx) {
      const seg = str(ctx, "segment");
      const acct = str(ctx, "account");
      if (!seg === !acct)
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--segment/--account", message: "give exactly one" }],
        });
      const db = await ctx.db();
      const p = await ctx.principal();
      ctx.print(
        seg
          ? { items: await activePlaysForSegment(db, p, seg, ctx.now()) }
          : await activePlaysForAccount(db, p, acct!, ctx.now()),
      );
    },
  },
  {
    name: "plays history",
    summary: "A brain agent's drafts, newest first",
    usage: "baton plays history --agent AGT-901 [--limit n] [--cursor c]",
    options: {
      agent: { type: "string", description: "brain agent id" },
      limit: { type: "string", description: "page size" },
      cursor: { type: "string", description: "next page" },
    },
    async run(ctx) {
      const agent = str(ctx, "agent");
      if (!agent)
        throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "--agent", message: "is required" }] });
      ctx.print(
        await listAgentDrafts(
          await ctx.db(),
          await ctx.principal(),
          agent,
          { limit: int(ctx, "limit"), cursor: str(ctx, "cursor") },
          ctx.now(),
        ),
      );
    },
  },
  idCommand(
    "plays by-proposal",
    "Plays drafted from one brain proposal",
    async (ctx, id) => listByProposal(await ctx.db(), await ctx.principal(), id, ctx.now(), { limit: 500 }),
    { usage: "baton plays by-proposal <proposal_id>" },
  ),
  {
    name: "plays config",
    summary: "Show the play library config, or set it (RevOps): --default-cap 3..8, --review-threshold n",
    usage: "baton plays config [--default-cap n] [--review-threshold n]",
    options: {
      "default-cap": { type: "string", description: "default segment cap (3..8)" },
      "review-threshold": { type: "string", description: "total active that flags a playbook review" },
    },
    async run(ctx) {
      const db = await ctx.db();
      const p = await ctx.principal();
      const cap = int(ctx, "default-cap");
      const threshold = int(ctx, "review-threshold");
      ctx.print(
        cap === undefined && threshold === undefined
          ? await getPlayConfig(db, p, ctx.now())
          : await setPlayConfig(db, p, { default_segment_cap: cap, review_threshold: threshold }, ctx.now()),
      );
    },
  },
  {
    name: "plays config segment",
    summary: "Set a segment's cap override (3..8 or default) and auto-sunset (RevOps)",
    usage: "baton plays config segment <segment> [--cap n|default] [--auto-sunset true|false]",
    options: {
      cap: { type: "string", description: "3..8, or default" },
      "auto-sunset": { type: "string", description: "true or false" },
    },
    async run(ctx) {
      const segment = ctx.positionals[0];
      if (!segment)
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "<segment>", message: "is required" }],
        });
      const capRaw = str(ctx, "cap");
      const auto = str(ctx, "auto-sunset");
      if (auto !== undefined && auto !== "true" && auto !== "false")
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--auto-sunset", message: "must be true or false" }],
        });
      const input = {
        play_cap: capRaw === undefined ? undefined : capRaw === "default" ? null : int(ctx, "cap"),
        auto_sunset: auto === undefined ? undefined : auto === "true",
      };
      ctx.print(await setSegmentConfig(await ctx.db(), await ctx.principal(), segment, input, ctx.now()));
    },
  },
  {
    name: "plays calibration",
    summary: "Calibration signals: promotion | edits | caps | retrospectives",
    usage: "baton plays calibration promotion|edits|caps|retrospectives",
    async run(ctx) {
      const db = await ctx.db();
      const p = await ctx.principal();
      const which = ctx.positionals[0] ?? "caps";
      if (which === "promotion") ctx.print({ target: 0.3, items: await promotionRates(db, p) });
      else if (which === "edits") ctx.print(await editVolume(db, p));
      else if (which === "caps") ctx.print(await capSignals(db, p, ctx.now()));
      else if (which === "retrospectives") ctx.print({ items: await retrospectives(db, p) });
      else
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "<signal>", message: "one of promotion, edits, caps, retrospectives" }],
        });
    },
  },
  {
    name: "plays sunset",
    summary: "Retire expired plays of auto-sunset segments now (the server also does it every minute)",
    async run(ctx) {
      ctx.print({ retired: await sunsetExpiredPlays(await ctx.db(), ctx.now()) });
    },
  },
  {
    name: "archive",
    summary:
      "Move cold plays (retired > 18 months) to the archive (RevOps or admin); audit reads still reach them; then the retention purge (docs/prospect-data.md)",
    async run(ctx) {
      const db = await ctx.db();
      const principal = await ctx.principal();
      const archive = await archiveColdPlays(db, principal, ctx.now());
      // issue 15 retention: replies, drafts and bodies past their periods, archived plays past 7 years
      const retention = await purgeRetention(db, principal.clientId, ctx.config.retention, ctx.now());
      ctx.print({ ...archive, retention });
    },
  },
];
