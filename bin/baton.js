#!/usr/bin/env node
// The baton CLI. Runs the compiled CLI (dist/, `npm run build`) when it was built from the sources now
// in src/; otherwise (a checkout being worked on) the TypeScript sources through tsx, so a change is
// never run stale. BATON_FROM_SOURCE=1 forces the sources.
import { serverBuildFresh } from "../scripts/build-stamp.mjs";

let runCli;
if (process.env.BATON_FROM_SOURCE !== "1" && serverBuildFresh()) {
  ({ runCli } = await import("../dist/cli/main.js"));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runCli } = await import("../src/cli/main.ts"));
}
process.exitCode = await runCli(process.argv.slice(2));
