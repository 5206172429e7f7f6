// The CLI's entry (runCli, which bin/baton.js calls) run in the test's own process, as `baton …`
// would run with the given environment: for tests of what commands do, not of the process boundary
// (build.test.ts runs the compiled CLI as a process, and each CLI test file keeps one call spawned).
// A spawned `node bin/baton.js` loads the CLI's modules again on every call (about 1,500 ESM
// modules); here the worker has them: prospect-cli.test.ts went from 46.4 to 28.0 CPU-seconds with 8
// of its 9 calls moved here (the embedded database's open is paid by both).
import { runCli } from "../../src/cli/main.ts";

/** What the CLI reads from its environment (src/config, the token): none leaks in from the test's. */
const CLI_ENV =
  /^(BATON_(?!CHECK_TEMPLATES$|SKIP_FILE$|REQUIRE_ALL$)|DATABASE_URL$|SMTP_|LLM_|ATTIO_|HUBSPOT_|SALESFORCE_|LOG_|HOST$|PORT$)/;

export interface CliRun {
  exit: number;
  out: string;
  json: () => any;
}

/**
 * `baton ...argv` with `env` as the CLI's whole configuration: the variables the CLI reads are taken
 * from env only for the call (unset otherwise), then restored. Its output lines are returned.
 */
export async function batonInProcess(
  env: Record<string, string | undefined>,
  argv: string[],
): Promise<CliRun> {
  const saved = Object.fromEntries(Object.entries(process.env).filter(([k]) => CLI_ENV.test(k)));
  for (const k of Object.keys(saved)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined && CLI_ENV.test(k)) process.env[k] = v;
  const lines: string[] = [];
  try {
    const exit = await runCli(argv, (s) => lines.push(s));
    return { exit, out: lines.join("\n"), json: () => JSON.parse(lines.join("\n")) };
  } finally {
    for (const k of Object.keys(process.env)) if (CLI_ENV.test(k)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
