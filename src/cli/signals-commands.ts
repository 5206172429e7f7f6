// baton signals …: recording signals, the catalogue, the page rules and the webhook sources (issue
// 69, docs/signals.md), thin over src/signals. A source's shared secret is never taken on the
// command line: --secret-stdin reads it from stdin, or Baton makes one and prints it once.
import fs from "node:fs";
import { BatonError } from "../errors/baton-error.ts";
import {
  addPageRule,
  addSignalSource,
  ingestSignals,
  listPageRules,
  listSignalSources,
  listSignalTypes,
  MAX_BATCH,
  type RecordResult,
  removePageRule,
  removeSignalSource,
  removeSignalType,
  rotateSignalSourceSecret,
  type SignalWire,
  setSignalType,
  signalInputOf,
} from "../signals/index.ts";
import type { AccountReach, PageRuleKind, SignalSide, SignalSourceKind } from "../signals/tables.ts";
import type { CliCommand, CliContext } from "./command.ts";
import { flagString, readStdinLine, requiredFlag } from "./flag-values.ts";

const str = flagString;
const need = requiredFlag;
const int = (ctx: CliContext, k: string) => (str(ctx, k) === undefined ? undefined : Number(str(ctx, k)));

/** A file of signals: a JSON array, or one JSON object a line (JSON Lines). */
function readSignalFile(file: string): SignalWire[] {
  const text = fs.readFileSync(file, "utf8").trim();
  try {
    if (text.startsWith("[")) return JSON.parse(text) as SignalWire[];
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as SignalWire);
  } catch (e) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "--file", message: `is not a JSON array or JSON Lines: ${(e as Error).message}` }],
    });
  }
}

function attributesOf(ctx: CliContext): Record<string, unknown> | undefined {
  const a = str(ctx, "attributes");
  if (a === undefined) return undefined;
  try {
    const v = JSON.parse(a);
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw new BatonError("VALIDATION_FAILED", {
    errors: [{ path: "--attributes", message: "is not a JSON object" }],
  });
}

export const signalsCommands: CliCommand[] = [
  {
    name: "signals record",
    summary:
      "Record signals (agents, revops, admin, slm, rep): one from the flags, or a file of them in batches of 1,000; a repeat (source + external id) changes nothing",
    usage:
      "baton signals record --type T (--contact-id ID | --email E | --account-id ID | --domain D) --occurred-at ISO\n" +
      "  [--external-id X] [--source cli] [--evidence-url URL] [--attributes JSON]\n" +
      "  | baton signals record --file signals.jsonl [--source cli]",
    options: {
      type: { type: "string", description: "a type of the catalogue (baton signals types list)" },
      "contact-id": { type: "string", description: "the contact it is about" },
      email: { type: "string", description: "the person's address (waits until imported when unknown)" },
      "account-id": { type: "string", description: "the account it is about" },
      domain: { type: "string", description: "the company's domain (waits until imported when unknown)" },
      "occurred-at": { type: "string", description: "when it happened (ISO time)" },
      "external-id": {
        type: "string",
        description: "the source's id of the event: the dedup key with --source",
      },
      source: { type: "string", description: "where it came from (default cli)" },
      "evidence-url": { type: "string", description: "where the fact can be checked" },
      attributes: { type: "string", description: "a JSON object of what else is known" },
      file: {
        type: "string",
        description: "a JSON array or JSON Lines of signals, as POST /api/v1/signals takes them",
      },
    },
    async run(ctx) {
      const source = str(ctx, "source") ?? "cli";
      const wires: SignalWire[] = str(ctx, "file")
        ? readSignalFile(need(ctx, "file"))
        : [
            {
              type: need(ctx, "type"),
              contact_id: str(ctx, "contact-id"),
              email: str(ctx, "email"),
              account_id: str(ctx, "account-id"),
              domain: str(ctx, "domain"),
              occurred_at: need(ctx, "occurred-at"),
              external_id: str(ctx, "external-id"),
              evidence_url: str(ctx, "evidence-url"),
              attributes: attributesOf(ctx),
            },
          ];
      const [db, p] = [await ctx.db(), await ctx.principal()];
      const total: RecordResult = {
        received: 0,
        recorded: 0,
        duplicates: 0,
        refused: 0,
        waiting: 0,
        contacts_changed: [],
        results: [],
      };
      for (let i = 0; i < wires.length; i += MAX_BATCH) {
        const r = await ingestSignals(
          db,
          p,
          wires.slice(i, i + MAX_BATCH).map((w) => signalInputOf(w, source)),
          { secret: ctx.config.secret },
          ctx.now(),
        );
        total.received += r.received;
        total.recorded += r.recorded;
        total.duplicates += r.duplicates;
        total.refused += r.refused;
        total.waiting += r.waiting;
        total.contacts_changed = [...new Set([...total.contacts_changed, ...r.contacts_changed])].sort();
        total.results.push(...r.results.map((x) => ({ ...x, index: x.index + i })));
      }
      ctx.print(total);
    },
  },
  {
    name: "signals types list",
    summary: "The signal catalogue: each type's side, weight, half-life and account reach",
    async run(ctx) {
      ctx.print(await listSignalTypes(await ctx.db(), await ctx.principal(), ctx.now()));
    },
  },
  {
    name: "signals types set",
    summary: "Add a signal type or change one (revops, admin)",
    usage:
      "baton signals types set --name T --side sales|marketing [--label L] [--weight 0-100] [--half-life-days N] [--account-reach none|all_contacts]",
    options: {
      name: { type: "string", description: "a-z, 0-9 and _, starting with a letter" },
      side: { type: "string", description: "sales | marketing (spec 001's conflict matrix)" },
      label: { type: "string", description: "words for people" },
      weight: { type: "string", description: "0 to 100 (default 10)" },
      "half-life-days": { type: "string", description: "how fast it fades (default 14)" },
      "account-reach": {
        type: "string",
        description: "none | all_contacts: whether an account's signal reaches every contact of it",
      },
    },
    async run(ctx) {
      ctx.print(
        await setSignalType(
          await ctx.db(),
          await ctx.principal(),
          {
            name: need(ctx, "name"),
            side: need(ctx, "side") as SignalSide,
            label: str(ctx, "label"),
            weight: int(ctx, "weight"),
            half_life_days: int(ctx, "half-life-days"),
            account_reach: str(ctx, "account-reach") as AccountReach | undefined,
          },
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "signals types remove",
    summary: "Remove a signal type no signal or page rule names (revops, admin)",
    options: { name: { type: "string", description: "the type's name" } },
    async run(ctx) {
      ctx.print(await removeSignalType(await ctx.db(), await ctx.principal(), need(ctx, "name"), ctx.now()));
    },
  },
  {
    name: "signals rules list",
    summary: "The page rules: which URL path (page event) or event name (track event) is which type",
    async run(ctx) {
      ctx.print(await listPageRules(await ctx.db(), await ctx.principal()));
    },
  },
  {
    name: "signals rules add",
    summary: "Add a page rule (revops, admin): --pattern /pricing --type pricing_page_visit",
    options: {
      kind: { type: "string", description: "page (a URL path, the default) | track (an event's name)" },
      pattern: {
        type: "string",
        description: "page: /pricing, /pricing/*, /docs/**; track: the event's name",
      },
      type: { type: "string", description: "the signal type it gives" },
      position: { type: "string", description: "the lowest matching position wins (default 100)" },
    },
    async run(ctx) {
      ctx.print(
        await addPageRule(
          await ctx.db(),
          await ctx.principal(),
          {
            kind: str(ctx, "kind") as PageRuleKind | undefined,
            pattern: need(ctx, "pattern"),
            type: need(ctx, "type"),
            position: int(ctx, "position"),
          },
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "signals rules remove",
    summary: "Remove a page rule (revops, admin)",
    options: { id: { type: "string", description: "the rule's id" } },
    async run(ctx) {
      ctx.print(await removePageRule(await ctx.db(), await ctx.principal(), need(ctx, "id")));
    },
  },
  {
    name: "signals sources add",
    summary:
      "Add a Segment or RudderStack webhook source (revops, admin): its URL, and the shared secret (made and printed once unless --secret-stdin)",
    options: {
      kind: { type: "string", description: "segment | rudderstack" },
      name: { type: "string", description: "the signals' source (website, app, …)" },
      "secret-stdin": { type: "boolean", description: "read the destination's shared secret from stdin" },
      "max-age-s": {
        type: "string",
        description: "oldest signed sentAt accepted (60-86400 s, default 3600)",
      },
    },
    async run(ctx) {
      const secret = ctx.flags["secret-stdin"] ? await readStdinLine() : undefined;
      ctx.print(
        await addSignalSource(
          await ctx.db(),
          await ctx.principal(),
          { secret: ctx.config.secret, publicUrl: ctx.config.publicUrl },
          {
            kind: need(ctx, "kind") as SignalSourceKind,
            name: need(ctx, "name"),
            secret,
            maxAgeS: int(ctx, "max-age-s"),
          },
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "signals sources list",
    summary: "The webhook sources: URL, events, refusals and the last one (never a secret)",
    async run(ctx) {
      ctx.print(await listSignalSources(await ctx.db(), await ctx.principal(), ctx.config.publicUrl));
    },
  },
  {
    name: "signals sources rotate",
    summary: "A new shared secret for a source (made and printed once unless --secret-stdin)",
    options: {
      id: { type: "string", description: "the source's id" },
      "secret-stdin": { type: "boolean", description: "read the new shared secret from stdin" },
    },
    async run(ctx) {
      const secret = ctx.flags["secret-stdin"] ? await readStdinLine() : undefined;
      ctx.print(
        await rotateSignalSourceSecret(
          await ctx.db(),
          await ctx.principal(),
          { secret: ctx.config.secret, publicUrl: ctx.config.publicUrl },
          need(ctx, "id"),
          secret,
        ),
      );
    },
  },
  {
    name: "signals sources remove",
    summary: "Remove a webhook source (revops, admin); its signals stay",
    options: { id: { type: "string", description: "the source's id" } },
    async run(ctx) {
      ctx.print(await removeSignalSource(await ctx.db(), await ctx.principal(), need(ctx, "id")));
    },
  },
];
