// `node bin/baton.js mcp` as an MCP server over stdio, driven by the official SDK client, on a
// PGlite data directory seeded first in the test process and then released (one process per data
// directory).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { templateDataDir } from "../support/db.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SLOW = 180_000;

/** A fresh data directory from the migrated template, seeded by fn, then closed. */
export async function seedDataDir<T>(
  fn: (database: Database) => Promise<T>,
): Promise<{ tmp: string; dataDir: string; seeded: T }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-mcp-stdio-"));
  const dataDir = path.join(tmp, "data");
  await templateDataDir(dataDir);
  const database = await openDatabase({ dataDir });
  try {
    return { tmp, dataDir, seeded: await fn(database) };
  } finally {
    await database.close();
  }
}

/**
 * `node bin/baton.js mcp` as the principal of token on dataDir; closed after fn. With onStderr, the
 * child's stderr comes there (at LOG_LEVEL info) instead of the test's.
 */
export async function withStdioClient<T>(
  dataDir: string,
  token: string,
  fn: (c: Client) => Promise<T>,
  opts: { onStderr?: (text: string) => void } = {},
): Promise<T> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.DATABASE_URL;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, "bin/baton.js"), "mcp"],
    cwd: ROOT,
    env: {
      ...env,
      BATON_DATA_DIR: dataDir,
      BATON_TOKEN: token,
      LOG_LEVEL: opts.onStderr ? "info" : "error",
    },
    stderr: opts.onStderr ? "pipe" : "inherit",
  });
  const onStderr = opts.onStderr;
  if (onStderr) transport.stderr?.on("data", (chunk) => onStderr(String(chunk)));
  const client = new Client({ name: "baton-stdio-test", version: "1.0.0" });
  // a child process on a busy CI machine (tsx, PGlite) can be slow: generous protocol timeouts
  await client.connect(transport, { timeout: SLOW });
  const slow = <A extends unknown[], R>(f: (...a: A) => R, at: number) =>
    ((...a: A) => {
      a[at] = { timeout: SLOW, ...(a[at] as object) };
      return f(...a);
    }) as typeof f;
  client.callTool = slow(client.callTool.bind(client), 2);
  client.listTools = slow(client.listTools.bind(client), 1);
  client.readResource = slow(client.readResource.bind(client), 1);
  client.getPrompt = slow(client.getPrompt.bind(client), 1);
  client.listPrompts = slow(client.listPrompts.bind(client), 1);
  try {
    return await fn(client);
  } finally {
    await client.close();
    // the child releases the data directory's lock when it exits
    for (let i = 0; i < 100 && fs.existsSync(`${dataDir}.lock`); i++)
      await new Promise((r) => setTimeout(r, 100));
  }
}
