#!/usr/bin/env node
// The baton CLI. Runs the compiled CLI (dist/). In a checkout whose dist/ is missing or older than
// src/, it first compiles it (scripts/build.mjs --if-stale --server: esbuild, a few seconds), so a
// change is never run stale; a deployment ships dist/ and needs no dev dependency. BATON_FROM_SOURCE=1
// runs the TypeScript sources through tsx instead (development only: tsx is a dev dependency).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { serverBuildFresh } from "../scripts/build-stamp.mjs";

const argv = process.argv.slice(2);
const fromSource = process.env.BATON_FROM_SOURCE === "1";
if (!fromSource && !serverBuildFresh()) {
  const build = fileURLToPath(new URL("../scripts/build.mjs", import.meta.url));
  const r = spawnSync(process.execPath, [build, "--if-stale", "--server"], { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const wantsHelp = argv.length === 0 || (argv.length === 1 && ["--help", "help"].includes(argv[0]));
let help;
if (!fromSource && wantsHelp) {
  // `baton --help` lists every command, which loads all of them: the first call of a build asks the
  // compiled CLI and keeps its answer beside it (dist/cli/help.txt, made from the same code), later
  // calls print that copy
  const file = fileURLToPath(new URL("../dist/cli/help.txt", import.meta.url));
  try {
    help = fs.readFileSync(file, "utf8");
  } catch {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)), "--help"], {
      encoding: "utf8",
    });
    if (r.status === 0) {
      help = r.stdout;
      try {
        const tmp = `${file}.${process.pid}`;
        fs.writeFileSync(tmp, help);
        fs.renameSync(tmp, file);
      } catch {
        /* a read-only install: asked again next time */
      }
    }
  }
}
if (help !== undefined) {
  process.stdout.write(help);
} else {
  let runCli;
  if (fromSource) {
    const { register } = await import("tsx/esm/api");
    register();
    ({ runCli } = await import("../src/cli/main.ts"));
  } else {
    ({ runCli } = await import("../dist/cli/main.js"));
  }
  process.exitCode = await runCli(argv);
}
