// Issue 41 item 6: a production install. A tree built here (dist/, web/dist/) is copied to another
// directory with what `npm start` reads, its production dependencies are installed there with
// `npm ci --omit=dev` (no tsx, esbuild, vite or typescript), and `npm start` serves from it: the build
// stamps hash paths relative to the root, so the copy is fresh and nothing is rebuilt.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeNeeds } from "../support/multi.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * What a deployment ships: the build, the CLI, the migrations, the manifests, and the sources the build
 * stamps hash (a clone built in place keeps them; the start checks they match the build).
 */
const SHIPPED = [
  "dist",
  "web/dist",
  "bin",
  "db",
  "scripts",
  "package.json",
  "package-lock.json",
  "src",
  "web/src",
  "web/build",
  "web/index.html",
  "web/vite.config.ts",
  "tsconfig.json",
  "tsconfig.build.json",
];

describeNeeds(
  ["npm"],
  "production install: npm ci --omit=dev in a copied built tree, then npm start",
  () => {
    let dir: string;
    let child: ChildProcess | undefined;

    beforeAll(() => {
      execFileSync(process.execPath, ["scripts/build.mjs", "--if-stale"], {
        cwd: ROOT,
        stdio: "pipe",
        timeout: 600_000,
      });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-production-"));
      for (const f of SHIPPED) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
      // from the npm cache where it has the packages (this checkout's install filled it)
      execFileSync("npm", ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"], {
        cwd: dir,
        stdio: "pipe",
        timeout: 600_000,
      });
    }, 900_000);

    afterAll(async () => {
      if (child?.pid && child.exitCode === null) {
        // npm start runs `sh -c "… && node dist/main.js"`: the server is npm's grandchild, and a
        // SIGTERM to npm alone left it running after the run (an orphan, seen in a full run). The
        // child leads a process group of its own (detached below), so the whole group is stopped.
        const group = -child.pid;
        const alive = () => {
          try {
            process.kill(group, 0);
            return true;
          } catch {
            return false;
          }
        };
        process.kill(group, "SIGTERM");
        const deadline = Date.now() + 30_000;
        while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (alive()) process.kill(group, "SIGKILL");
      }
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("has no dev dependency installed", () => {
      for (const dev of ["tsx", "esbuild", "typescript", "vite", "vitest"]) {
        expect(fs.existsSync(path.join(dir, "node_modules", dev)), dev).toBe(false);
      }
    });

    it("npm start serves /healthz and the workspace from the copy, building nothing", async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        BATON_DEMO: "false",
        BATON_SECRET: "p".repeat(40),
        BATON_DATA_DIR: path.join(dir, ".baton", "data"),
        LOG_LEVEL: "warn",
      };
      delete env.DATABASE_URL;
      delete env.NODE_OPTIONS;
      delete env.BATON_FROM_SOURCE;
      child = spawn("npm", ["start"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
      });
      child.stderr!.on("data", (d) => {
        out += d;
      });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 180 s:\n${out}`)), 180_000);
        child!.stdout!.on("data", () => {
          const m = /Baton is running at (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child!.on("exit", (code) => reject(new Error(`npm start exited ${code}:\n${out}`)));
      });
      expect(out).not.toMatch(/compiling the server|building the workspace/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const home = await fetch(`${url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("<html");
      // the CLI of the copy runs from its dist/ too
      const help = execFileSync(process.execPath, ["bin/baton.js", "--help"], {
        cwd: dir,
        env,
        encoding: "utf8",
      });
      expect(help).toContain("Usage: baton <command>");
    }, 240_000);
  },
  900_000,
);
