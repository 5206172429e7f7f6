#!/usr/bin/env node
// The baton CLI. Runs the compiled CLI (dist/, `npm run build`) when it was built from the sources now
// in src/; otherwise (a checkout being worked on) the TypeScript sources through tsx, so a change is
// never run stale. BATON_FROM_SOURCE=1 forces the sources.
import fs from "node:fs";
import { serverBuildFresh } from "../scripts/build-stamp.mjs";

const argv = process.argv.slice(2);
const compiled = process.env.BATON_FROM_SOURCE !== "1" && serverBuildFresh();
const wantsHelp = argv.length === 0 || (argv.length === 1 && ["--help", "help"].includes(argv[0]));
let help;
if (compiled && wantsHelp) {
  // the command list, written by the build from the same code: `baton --help` without loading every command
  try {
    help = fs.readFileSync(new URL("../dist/cli/help.txt", import.meta.url), "utf8");
  } catch {
    /* an older build without it: ask the CLI */
  }
}
if (help !== undefined) {
  process.stdout.write(help);
} else {
  let runCli;
  if (compiled) {
    ({ runCli } = await import("../dist/cli/main.js"));
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    ({ runCli } = await import("../src/cli/main.ts"));
  }
  process.exitCode = await runCli(argv);
}
