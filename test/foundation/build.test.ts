// npm run build's output runs, and the production start path (node dist/main.js) loads no tsx or
// esbuild. Builds dist/ first when it is missing or older than src/ (scripts/build.mjs --if-stale).
// Start time and memory are measured by scripts/measure-start.mjs, not timed here.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templateDataDir } from "../support/db.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let tmp: string;
let probe: string;
const children: ChildProcess[] = [];

/** A module-resolution hook that logs every module a process resolves (to $BATON_PROBE_LOG). */
function writeProbe(dir: string): string {
  const hooks = path.join(dir, "hooks.mjs");
  fs.writeFileSync(
    hooks,
    `import fs from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  fs.appendFileSync(process.env.BATON_PROBE_LOG, r.url + "\\n");
  return r;
}
`,
  );
  const file = path.join(dir, "probe.mjs");
  fs.writeFileSync(
    file,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  return file;
}

function loaded(log: string): string[] {
  return fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
}

const TRANSPILERS = /\/node_modules\/(tsx|esbuild|@esbuild)\/|\.ts$/;

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build.mjs", "--if-stale"], {
    cwd: ROOT,
    stdio: "pipe",
    timeout: 600_000,
  });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-build-"));
  probe = writeProbe(tmp);
}, 600_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("npm run build", () => {
  it("bundles src/ into dist/ (its entry points and their chunks), and the workspace into web/dist", () => {
    for (const entry of ["main.js", "cli/main.js", "replies/train-tenant-model-worker.js"])
      expect(fs.existsSync(path.join(ROOT, "dist", entry)), entry).toBe(true);
    expect(fs.existsSync(path.join(ROOT, "web/dist/index.html"))).toBe(true);
    const js = fs.readFileSync(path.join(ROOT, "dist/cli/main.js"), "utf8");
    expect(js).toMatch(/from "\.\.\/chunks\/[^"]+\.js"/);
    expect(js).not.toMatch(/from "\.{1,2}\/[^"]*\.ts"/);
  });

  it("dist/cli/main.js --help exits 0 and prints the usage", () => {
    const r = spawnSync(process.execPath, ["dist/cli/main.js", "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: baton <command>");
    expect(r.stdout).toContain("engine work");
  });

  it("bin/baton.js runs the compiled CLI when dist is fresh: no tsx loaded", () => {
    const log = path.join(tmp, "cli.log");
    const env: NodeJS.ProcessEnv = { ...process.env, BATON_PROBE_LOG: log };
    delete env.BATON_FROM_SOURCE;
    // fresh now (a source edited since beforeAll makes it stale, and bin/baton.js rightly runs tsx)
    execFileSync(process.execPath, ["scripts/build.mjs", "--if-stale", "--server"], {
      cwd: ROOT,
      stdio: "pipe",
    });
    for (const argv of [["--help"], ["engine", "work", "--help"]]) {
      const r = spawnSync(process.execPath, ["--import", probe, "bin/baton.js", ...argv], {
        cwd: ROOT,
        env,
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain("baton");
    }
    const urls = loaded(log);
    expect(urls.some((u) => u.endsWith("/dist/cli/main.js"))).toBe(true);
    expect(urls.filter((u) => TRANSPILERS.test(u))).toEqual([]);
    // the bundle: the two calls load a few dozen modules, where one engine worker's start loaded
    // 1,900 files one by one (523 of dist/, 1,360 of node_modules) and took 3.1 CPU-seconds
    expect(new Set(urls).size).toBeLessThan(150);
  });

  it("the production server (npm start's node dist/main.js) serves without tsx or esbuild", async () => {
    const start = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts
      .start as string;
    // node, V8 flags only (no --import/--loader), the compiled entry
    expect(start.split("&&").at(-1)?.trim()).toMatch(/^node( --max-[a-z-]+=\d+)* dist\/main\.js$/);

    const log = path.join(tmp, "server.log");
    // the data directory from the migrated test template, as the server-shutdown and log tests do:
    // a fresh one's initdb and every migration (what this test is not about) ran in the server's
    // start here; production-install.test.ts and migrate.test.ts start from fresh directories
    await templateDataDir(path.join(tmp, "data"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BATON_PROBE_LOG: log,
      BATON_DATA_DIR: path.join(tmp, "data"),
      PORT: "0",
      HOST: "127.0.0.1",
      BATON_DEMO: "false",
      // outside demo mode the server needs a real secret (issue 36 item 11)
      BATON_SECRET: "x".repeat(40),
      LOG_LEVEL: "warn",
    };
    delete env.DATABASE_URL;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ["--import", probe, "--max-semi-space-size=2", "dist/main.js"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
    });
    child.stderr!.on("data", (d) => {
      out += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 120 s:\n${out}`)), 120_000);
      const check = () => {
        const m = /Baton is running at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on("data", check);
      child.on("exit", (code) => reject(new Error(`server exited ${code}:\n${out}`)));
    });
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<html");

    const urls = loaded(log);
    expect(urls.some((u) => u.endsWith("/dist/main.js"))).toBe(true);
    expect(urls.some((u) => u.includes("/dist/chunks/"))).toBe(true);
    expect(urls.filter((u) => TRANSPILERS.test(u))).toEqual([]);
    // esbuild, when loaded, runs as a child process of its host
    const kids = fs
      .readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === child.pid;
        } catch {
          return false;
        }
      })
      .map((d) => fs.readFileSync(`/proc/${d}/cmdline`, "utf8"));
    expect(kids.filter((c) => /esbuild|tsx/.test(c))).toEqual([]);
    expect(fs.readFileSync(`/proc/${child.pid}/cmdline`, "utf8")).not.toMatch(/tsx/);

    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }, 180_000);
});
