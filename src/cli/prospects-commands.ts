// baton import | suppressions | contacts erase | contacts legal-basis | retention: thin over
// src/prospects (issue 15). Each acts as the principal of --token / BATON_TOKEN and prints JSON.
import fs from "node:fs";
import { requireRole } from "../auth/principal.ts";
import { BatonError } from "../errors/baton-error.ts";
import { eraseContact } from "../prospects/erase-contact.ts";
import { erasureListPath } from "../prospects/erasure-list.ts";
import { runImport } from "../prospects/import-contacts.ts";
import { parseMapArg } from "../prospects/import-fields.ts";
import {
  addSuppressionAs,
  listSuppressions,
  removeSuppression,
  suppressionAdded,
} from "../prospects/manage-suppressions.ts";
import { purgeRetention } from "../prospects/purge-retention.ts";
import { setLegalBasis } from "../prospects/set-legal-basis.ts";
import {
  LEGAL_BASES,
  type LegalBasis,
  SUPPRESSION_SOURCES,
  type SuppressionSource,
} from "../prospects/tables.ts";
import type { CliCommand, CliContext } from "./command.ts";
import { PAGE_OPTIONS, pageFlags } from "./page-options.ts";

const str = (ctx: CliContext, k: string) =>
  typeof ctx.flags[k] === "string" && ctx.flags[k] !== "" ? (ctx.flags[k] as string) : undefined;

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

function oneOf<T extends string>(ctx: CliContext, name: string, allowed: readonly T[]): T | undefined {
  const v = str(ctx, name);
  if (v !== undefined && !allowed.includes(v as T))
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: `--${name}`, message: `must be one of ${allowed.join(", ")}` }],
    });
  return v as T | undefined;
}

function importCommand(kind: "contacts" | "accounts"): CliCommand {
  return {
    name: `import ${kind}`,
    summary: `Import ${kind} from a CSV file: mapped columns, dedupe, update-or-skip, a per-row report (RevOps or admin)`,
    usage: `baton import ${kind} --file x.csv --map ${kind === "contacts" ? "email=Email,first_name=First,last_name=Last" : "name=Company,domain=Website"} [--dry-run] [--on-duplicate update|skip]${kind === "contacts" ? " [--legal-basis legitimate_interest] [--legal-basis-source 'trade fair 2026']" : ""} [--report all|problems]`,
    options: {
      file: { type: "string", description: "the CSV file (RFC 4180, header row first)" },
      map: { type: "string", description: "field=Column pairs, comma-separated" },
      "dry-run": { type: "boolean", description: "report what would happen; change nothing" },
      "on-duplicate": { type: "string", description: "update (default skip): what a repeat row does" },
      "legal-basis": { type: "string", description: "legal basis for rows without one" },
      "legal-basis-source": { type: "string", description: "where the basis comes from" },
      report: {
        type: "string",
        description: "rows to print: problems (default: skipped and refused) or all",
      },
    },
    async run(ctx) {
      const [file, map] = need(ctx, "file", "map");
      const csv = fs.readFileSync(file, "utf8");
      const tty = process.stderr.isTTY;
      let last = 0;
      const database = await ctx.database();
      const r = await runImport(
        database.db,
        await ctx.principal(),
        {
          kind,
          csv,
          mapping: parseMapArg(map),
          dryRun: ctx.flags["dry-run"] === true,
          onDuplicate: oneOf(ctx, "on-duplicate", ["update", "skip"] as const) ?? "skip",
          legalBasis: oneOf(ctx, "legal-basis", LEGAL_BASES) as LegalBasis | undefined,
          legalBasisSource: str(ctx, "legal-basis-source"),
        },
        {
          secret: ctx.config.secret,
          dbKind: database.kind,
          // progress on stderr when a person watches (a TTY), never in the JSON on stdout
          onProgress: (done, total) => {
            if (!tty || Date.now() - last < 200) return;
            last = Date.now();
            process.stderr.write(
              `\rimporting ${done}/${total} rows (${Math.round((100 * done) / Math.max(total, 1))}%)`,
            );
          },
        },
        ctx.now(),
      );
      if (tty) process.stderr.write(`\rimported ${r.counts.rows} rows${" ".repeat(20)}\n`);
      const all = str(ctx, "report") === "all";
      ctx.print({
        job_id: r.jobId,
        dry_run: r.dryRun,
        counts: r.counts,
        report: all ? r.report : r.report.filter((x) => x.action === "skipped" || x.action === "refused"),
      });
    },
  };
}

export const prospectsCommands: CliCommand[] = [
  importCommand("contacts"),
  importCommand("accounts"),
  {
    name: "suppressions list",
    summary: "The tenant's suppression lists (RevOps or admin)",
    usage:
      "baton suppressions list [--kind email|domain|email_hash] [--search text] [--limit 100] [--cursor c]",
    options: {
      kind: { type: "string", description: "email, domain or email_hash" },
      search: { type: "string", description: "part of the value" },
      ...PAGE_OPTIONS,
    },
    async run(ctx) {
      ctx.print(
        await listSuppressions(await ctx.db(), await ctx.principal(), {
          kind: oneOf(ctx, "kind", ["email", "domain", "email_hash"] as const),
          search: str(ctx, "search"),
          ...pageFlags(ctx),
        }),
      );
    },
  },
  {
    name: "suppressions add",
    summary: "Suppress an address or a whole domain; every queued touch to it stops at once",
    usage:
      "baton suppressions add (--email a@b.com | --domain b.com) --reason 'asked to be left alone' [--source manual]",
    options: {
      email: { type: "string", description: "an address" },
      domain: { type: "string", description: "a domain (covers its subdomains)" },
      reason: { type: "string", description: "why" },
      source: { type: "string", description: SUPPRESSION_SOURCES.join(", ") },
    },
    async run(ctx) {
      const [reason] = need(ctx, "reason");
      const email = str(ctx, "email");
      const domain = str(ctx, "domain");
      if (!email === !domain)
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "--email/--domain", message: "give exactly one" }],
        });
      ctx.print(
        suppressionAdded(
          await addSuppressionAs(
            await ctx.db(),
            await ctx.principal(),
            {
              kind: email ? "email" : "domain",
              value: (email ?? domain)!,
              reason,
              source: oneOf(ctx, "source", SUPPRESSION_SOURCES) as SuppressionSource | undefined,
            },
            ctx.now(),
          ),
        ),
      );
    },
  },
  {
    name: "suppressions remove",
    summary: "Remove a suppression entry by id (an erased person's entry stays)",
    usage: "baton suppressions remove <id>",
    async run(ctx) {
      const [id] = need(ctx, "#0");
      ctx.print(await removeSuppression(await ctx.db(), await ctx.principal(), id));
    },
  },
  {
    name: "contacts erase",
    summary: "Erase a person's data everywhere (GDPR Art. 17; RevOps or admin; irreversible)",
    usage: "baton contacts erase <contact-id> --reference DSR-2026-014",
    options: { reference: { type: "string", description: "your request reference (no personal data)" } },
    async run(ctx) {
      const [id, reference] = need(ctx, "#0", "reference");
      ctx.print(
        await eraseContact(
          await ctx.db(),
          await ctx.principal(),
          { contactId: id, requestReference: reference },
          {
            secret: ctx.config.secret,
            crm: ctx.config.attio ? "attio" : "builtin",
            erasureList: erasureListPath(ctx.config),
          },
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "contacts legal-basis",
    summary: "Set a contact's legal basis and its source (RevOps or admin)",
    usage: "baton contacts legal-basis <contact-id> --basis consent --source 'webinar form'",
    options: {
      basis: { type: "string", description: LEGAL_BASES.join(", ") },
      source: { type: "string", description: "where the basis comes from" },
    },
    async run(ctx) {
      const [id, , source] = need(ctx, "#0", "basis", "source");
      ctx.print(
        await setLegalBasis(
          await ctx.db(),
          await ctx.principal(),
          { contactId: id, legalBasis: oneOf(ctx, "basis", LEGAL_BASES)!, source },
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "retention purge",
    summary: "Purge what the retention periods no longer allow, for your tenant (also part of baton archive)",
    async run(ctx) {
      const principal = await ctx.principal();
      requireRole(principal, "run the retention purge", "revops", "admin");
      ctx.print(await purgeRetention(await ctx.db(), principal.clientId, ctx.config.retention, ctx.now()));
    },
  },
];
