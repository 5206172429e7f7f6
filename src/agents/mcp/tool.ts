// An MCP tool: a name, a description an LLM can follow, the TypeBox input schema the HTTP route
// uses (so both speak the same JSON Schema), and a run function that calls ONE domain function.
// The domain functions check roles, so a tool can do exactly what its principal may do over HTTP;
// tool-access.ts says the same per tool, so that tools/list shows a role only what it may call and
// a call is refused by role before its arguments are read.
import type { Kysely } from "kysely";
import type { Static, TSchema } from "typebox";
import type { Principal } from "../../auth/principal.ts";
import type { Config } from "../../config/config.ts";
import type { DB } from "../../db/database.ts";
import type { EngineDeps } from "../../engine/index.ts";

export interface ToolContext {
  db: Kysely<DB>;
  /** The process's engine (AppDeps.engine, the CLI's ctx.engine), for the tools that record touches. */
  engine: () => Promise<EngineDeps>;
  principal: Principal;
  config: Config;
  now: () => Date;
}

export interface McpTool<S extends TSchema = TSchema> {
  name: string;
  title: string;
  description: string;
  /** The input: the route's TypeBox schema, or an object built from its parts. */
  input: S;
  /** Schemas the input and output refer to by $id (inlined into the tool's JSON Schemas). */
  refs?: TSchema[];
  /**
   * Descriptions of the input's top-level parameters the route schema leaves undescribed (every
   * parameter an agent sees has one; a test checks).
   */
  params?: Record<string, string>;
  /** What a successful call returns as structuredContent (the HTTP route's 200 body). */
  output: TSchema;
  /** Writes accept an idempotency_key (and the Idempotency-Key header over HTTP). */
  write: boolean;
  run(ctx: ToolContext, args: Static<S>): Promise<unknown>;
}

/** Keeps the input type for run() while storing tools in one list. */
export function defineTool<S extends TSchema>(tool: McpTool<S>): McpTool {
  return tool as unknown as McpTool;
}

/** Descriptions of the paging parameters. */
export const PAGE_PARAMS = {
  limit: "How many items per page",
  cursor: "The next_cursor of the previous page, to read the next one",
};
