// baton backup | baton restore: the embedded database to a file and back (docs/operations.md, Backups).
// Run by the operator on the machine, as `baton migrate` is: they read the data directory directly.
import { backupDataDir, restoreDataDir } from "../db/backup-data-dir.ts";
import { BatonError } from "../errors/baton-error.ts";
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
    usage: "baton restore <file.tar.gz> [--force]",
    options: {
      force: { type: "boolean", description: "replace the database already in BATON_DATA_DIR" },
    },
    async run(ctx) {
      refuseServer(ctx);
      const file = fileArgument(ctx, "baton restore <file.tar.gz> [--force]");
      const r = await restoreDataDir(file, ctx.config.dataDir, ctx.flags.force === true);
      ctx.print({ restored: file, data_dir: r.dataDir, replaced: r.replaced, migrations: r.migrations });
    },
  },
];
