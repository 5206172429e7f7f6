import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import type { DB } from "../db/database.ts";
import type { EngineDeps } from "../engine/index.ts";

export interface CliContext {
  config: Config;
  /** Opens (and migrates) the database on first use; `poolSize` is the first call's (default 10). */
  database(opts?: { poolSize?: number }): Promise<Database>;
  db(): Promise<Kysely<DB>>;
  /**
   * The engine's deps over ctx.database(), built once by the composition root (src/runtime/engine.ts)
   * with the first call's overrides; its SMTP pool is closed when the command ends.
   */
  engine(overrides?: Partial<EngineDeps>): Promise<EngineDeps>;
  /** The principal of --token or BATON_TOKEN (resolved once, for one-shot commands). */
  principal(): Promise<Principal>;
  /** The same token checked again now (revoked, expired, deactivated): long sessions call it per request. */
  authenticate(): Promise<Principal>;
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
  print(value: unknown): void;
  now(): Date;
}

export interface CliOption {
  type: "string" | "boolean";
  description: string;
}

export interface CliCommand {
  /** e.g. "plays approve" */
  name: string;
  summary: string;
  usage?: string;
  options?: Record<string, CliOption>;
  run(ctx: CliContext): Promise<void>;
}
