// baton backup | baton restore: the embedded database to a file and back (docs/operations.md, Backups).
// Run by the operator on the machine, as `baton migrate` is: they read the data directory directly.
import path from "node:path";
import { backupDataDir, restoreDataDir } from "../db/backup-data-dir.ts";
import { openDatabase } from "../db/connect.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applyErasureList } from "../prospects/apply-erasure-list.ts";
import { compactAfterErasure, ERASURE_TABLES } from "../prospects/compact-after-erasure.ts";
import {
  appendErasureList,
  erasureListPath,
  exportErasureList,
  readErasureList,
} from "../prospects/erasure-list.ts";
import type { CliCommand, CliContext } from "./command.ts";

function fileArgument(ctx: CliContext, usage: string): string {
  const file = ctx.positionals[0];
  if (!file)
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "/file", message: `usage: ${usage}` }] });
  return file;
}

function refuseServer(ctx: CliContext) {
  if (ctx.config.databaseUrl) throw new BatonError("BACKUP_USE_PG_TOOLS", {});
}

export const backupCommands: CliCommand[] = [
  {
    name: "backup",
    summary:
      "Copy the embedded PGlite database to a .tar.gz file (stop the server first; PostgreSQL: pg_dump)",
    usage: "baton backup <file.tar.gz>",
    async run(ctx) {
      refuseServer(ctx);
      const file = fileArgument(ctx, "baton backup <file.tar.gz>");
      const r = await backupDataDir(ctx.config.dataDir, file);
      ctx.print({ backup: r.file, bytes: r.bytes, data_dir: ctx.config.dataDir, migrations: r.migrations });
    },
  },
  {
    name: "restore",
    summary: "Load a baton backup file into the embedded data directory (--force replaces a non-empty one)",
    usage: "baton restore <file.tar.gz> [--force] [--erasure-list <file>]",
    options: {
      force: { type: "boolean", description: "replace the database already in BATON_DATA_DIR" },
      "erasure-list": {
        type: "string",
        description:
          "the erasure list to apply after loading (default: erasure-list.jsonl beside the data directory)",
      },
    },
    async run(ctx) {
      refuseServer(ctx);
      const file = fileArgument(ctx, "baton restore <file.tar.gz> [--force] [--erasure-list <file>]");
      const r = await restoreDataDir(file, ctx.config.dataDir, ctx.flags.force === true);
      // no one erased since the backup comes back (issue 36 item 17; docs/prospect-data.md)
      const list = listFile(ctx);
      const entries = list ? readErasureList(list) : [];
      const reapplied =
        entries.length > 0
          ? await applyErasureList(await ctx.db(), entries, eraseDeps(ctx), ctx.now())
          : null;
      ctx.print({
        restored: file,
        data_dir: r.dataDir,
        replaced: r.replaced,
        migrations: r.migrations,
        erasure_list: list ?? null,
        erasures_reapplied: reapplied,
      });
    },
  },
  {
    name: "erasures export",
    summary:
      "Write the erasure list (keyed hashes and row ids, no personal data) of this database to a file kept apart from backups",
    usage: "baton erasures export <file.jsonl>",
    async run(ctx) {
      const file = fileArgument(ctx, "baton erasures export <file.jsonl>");
      const entries = await exportErasureList(await ctx.db());
      const known = new Set(readErasureList(file).map((e) => JSON.stringify(e)));
      const fresh = entries.filter((e) => !known.has(JSON.stringify(e)));
      appendErasureList(file, fresh);
      ctx.print({ erasure_list: path.resolve(file), entries: entries.length, appended: fresh.length });
    },
  },
  {
    name: "erasures apply",
    summary: "Erase again everyone on an erasure list (after pg_restore, or a restore from elsewhere)",
    usage: "baton erasures apply <file.jsonl>",
    async run(ctx) {
      const file = fileArgument(ctx, "baton erasures apply <file.jsonl>");
      const entries = readErasureList(file);
      ctx.print({
        erasure_list: path.resolve(file),
        ...(await applyErasureList(await ctx.db(), entries, eraseDeps(ctx), ctx.now())),
      });
    },
  },
  {
    name: "erasures compact",
    summary:
      "As the owner, after an erasure: rewrite the tables it touched (VACUUM FULL), rebuild their statistics and write over the recycled WAL (PostgreSQL; docs/prospect-data.md)",
    usage: "baton erasures compact [--tables a,b]",
    options: { tables: { type: "string", description: "more tables to rewrite, comma-separated" } },
    async run(ctx) {
      // the runtime role owns no table and cannot VACUUM; the owner (BATON_MIGRATE_DATABASE_URL) can
      const url = ctx.config.migrateDatabaseUrl;
      const extra =
        typeof ctx.flags.tables === "string" ? ctx.flags.tables.split(",").map((t) => t.trim()) : [];
      const tables = [...ERASURE_TABLES, ...extra.filter(Boolean)];
      if (!url || url === ctx.config.databaseUrl) {
        ctx.print(await compactAfterErasure(await ctx.db(), tables));
        return;
      }
      const owner = await openDatabase({ url, poolSize: 1 });
      try {
        ctx.print(await compactAfterErasure(owner.db, tables));
      } finally {
        await owner.close();
      }
    },
  },
];

function listFile(ctx: CliContext): string | undefined {
  const flag = ctx.flags["erasure-list"];
  return typeof flag === "string" ? path.resolve(flag) : erasureListPath(ctx.config);
}

function eraseDeps(ctx: CliContext) {
  return { secret: ctx.config.secret, crm: ctx.config.attio ? ("attio" as const) : ("builtin" as const) };
}
