// Refusals of `baton backup` and `baton restore` (the embedded database's backup pair).
import { defineErrors } from "../errors/define.ts";

export const backupErrors = defineErrors({
  BACKUP_USE_PG_TOOLS: {
    status: 400,
    rule: "baton backup/restore copy the embedded PGlite data directory; a PostgreSQL server has its own tools",
    message: () =>
      `DATABASE_URL is set: Baton runs on a PostgreSQL server, which baton backup does not copy.`,
    next: () =>
      'Use pg_dump (pg_dump -Fc -f baton.dump "$DATABASE_URL") and pg_restore (pg_restore -d "$DATABASE_URL" baton.dump); see docs/operations.md, Backups.',
  },
  BACKUP_NO_DATA_DIR: {
    status: 404,
    rule: "a backup copies an existing embedded data directory",
    message: (f) => `There is no PGlite database in ${f.data_dir}.`,
    next: () => "Set BATON_DATA_DIR to the data directory Baton runs on (default .baton/data).",
  },
  RESTORE_TARGET_NOT_EMPTY: {
    status: 409,
    rule: "a restore never overwrites a database unless told to",
    message: (f) => `The data directory ${f.data_dir} is not empty.`,
    next: () =>
      "Restore into an empty directory (set BATON_DATA_DIR), or pass --force to replace this database with the backup (take a backup of it first).",
  },
  RESTORE_FILE_INVALID: {
    status: 400,
    rule: "a restore reads a file written by baton backup",
    message: (f) => `${f.file} could not be restored: ${f.reason}.`,
    next: () =>
      "Pass a file written by baton backup (a .tar.gz of a PGlite data directory). The data directory was left as it was.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof backupErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
