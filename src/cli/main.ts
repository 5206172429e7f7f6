// baton: the CLI, thin over the domain. Output is JSON so scripts and agents can read it.
import "../runtime/errors.ts";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { Principal } from "../auth/principal.ts";
import { authenticate } from "../auth/tokens.ts";
import { type Config, ConfigError, loadConfig } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import { isBatonError } from "../errors/baton-error.ts";
import type { ProcessEngine } from "../runtime/engine.ts";
import { openFromConfig } from "../runtime/open-from-config.ts";
import type { CliCommand, CliContext } from "./command.ts";
import { commandsStartingWith } from "./command-modules.ts";

function help(commands: CliCommand[]): string {
  const lines = [
    "Usage: baton <command> [options]   (global: --token <t> or BATON_TOKEN, --json)",
    "",
    "Commands:",
  ];
  for (const c of commands) lines.push(`  ${c.name.padEnd(28)} ${c.summary}`);
  lines.push("", "baton <command> --help shows a command's options.");
  return lines.join("\n");
}

function find(commands: CliCommand[], argv: string[]): { command?: CliCommand; rest: string[] } {
  // longest match first: "plays approve" before "plays"
  const sorted = [...commands].sort((a, b) => b.name.split(" ").length - a.name.split(" ").length);
  for (const c of sorted) {
    const words = c.name.split(" ");
    if (words.every((w, i) => argv[i] === w)) return { command: c, rest: argv.slice(words.length) };
  }
  return { rest: argv };
}

/**
 * The command for argv, loading only the modules that have commands of its first word
 * (command-modules.ts): an engine worker, started often, loads the engine's; `baton suppressions
 * list` the prospect commands'. Help and an unknown command load them all.
 */
async function resolve(argv: string[]): Promise<{ command?: CliCommand; rest: string[]; all: CliCommand[] }> {
  const some = await commandsStartingWith(argv[0]);
  const hit = find(some, argv);
  if (hit.command) return { ...hit, all: some };
  const { commands } = await import("./commands.ts");
  return { ...find(commands, argv), all: commands };
}

export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => console.log(s),
): Promise<number> {
  const { command, rest, all } = await resolve(argv);
  if (!command) {
    out(help(all));
    return argv.length === 0 || argv[0] === "--help" || argv[0] === "help" ? 0 : 2;
  }
  const options: Record<string, { type: "string" | "boolean" }> = {
    token: { type: "string" },
    help: { type: "boolean" },
  };
  for (const [k, v] of Object.entries(command.options ?? {})) options[k] = { type: v.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (e: any) {
    out(`baton ${command.name}: ${e.message}\n${command.usage ?? ""}`);
    return 2;
  }
  if (parsed.values.help) {
    out(`${command.usage ?? `baton ${command.name}`}\n\n${command.summary}`);
    for (const [k, v] of Object.entries(command.options ?? {})) out(`  --${k.padEnd(20)} ${v.description}`);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    // a variable out of its range: say which and why, not a stack trace
    if (!(e instanceof ConfigError)) throw e;
    out(`baton ${command.name}: ${e.message}`);
    return 2;
  }
  // issue 35: with LLM_* set, replies the command processes are classified by the LLM (loaded only
  // then: the campaigns' ports are not for every start of an engine worker)
  const restoreClassifier =
    config.llm && command.name.split(" ")[0] !== "engine"
      ? await (await import("../runtime/reply-classifier.ts")).configureReplyClassifier(config)
      : undefined;
  let database: Database | undefined;
  let engine: ProcessEngine | undefined;
  let principal: Principal | undefined;
  const ctx: CliContext = {
    config,
    async database(opts) {
      database ??= await openFromConfig(config, opts);
      return database;
    },
    async db() {
      return (await ctx.database()).db;
    },
    async engine(overrides) {
      // loaded on use: most commands never wire the engine
      engine ??= (await import("../runtime/engine.ts")).engineOnce(await ctx.database(), config, overrides);
      return engine();
    },
    async principal() {
      principal ??= await ctx.authenticate();
      return principal;
    },
    async authenticate() {
      return authenticate(
        await ctx.db(),
        (parsed.values.token as string) || process.env.BATON_TOKEN,
        ctx.now(),
      );
    },
    flags: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    print: (v) => out(typeof v === "string" ? v : JSON.stringify(v, null, 2)),
    now: () => new Date(),
  };
  try {
    await command.run(ctx);
    return 0;
  } catch (e) {
    if (isBatonError(e)) {
      out(JSON.stringify({ error: { ...e.toJSON(), status: e.status } }, null, 2));
      return 1;
    }
    // what the command needs from its setting or its server: said in a line, not a stack trace
    if (e instanceof ConfigError) {
      out(`baton ${command.name}: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    restoreClassifier?.();
    // the SMTP pool's idle connections would keep the process alive
    await engine?.close();
    await database?.close();
  }
}

// Run as the entry point (`node dist/cli/main.js …`); bin/baton.js imports runCli instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
