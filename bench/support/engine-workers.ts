// The engine bench's worker processes (bench/engine.ts): `baton engine work` children on the bench
// database, started and stopped as a deployment's would be.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

// Every worker this bench started and has not stopped: a bench that fails (a throw, a timeout) must not
// leave them polling the server, where they would load every run after it (seen: a failed run's
// worker polled for 25 minutes and moved later runs' figures).
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const w of live) w.kill("SIGKILL");
});

export interface WorkerPoolOptions {
  /** the bench database */
  url: string;
  /** application_name of their connections: their backends are found by it (CPU accounting) */
  app: string;
  batch: number;
  tickMs: number;
  /** `node --cpu-prof` into this directory (empty: none) */
  profileDir: string;
}

/**
 * `n` processes of `baton engine work` (worker ids b0 …), each with `--concurrency` workers when
 * given; resolves once every one has said it started.
 */
export function startWorkers(
  n: number,
  o: WorkerPoolOptions,
  opts: { profile?: boolean; concurrency?: number } = {},
): Promise<ChildProcess[]> {
  const workerUrl = new URL(o.url);
  workerUrl.searchParams.set("application_name", o.app);
  const env = {
    ...process.env,
    DATABASE_URL: workerUrl.toString(),
    BATON_DEMO: "false",
    SMTP_HOST: "",
    LLM_BASE_URL: "",
    ATTIO_API_KEY: "",
  };
  return Promise.all(
    Array.from({ length: n }, (_, i) => {
      const args = [
        "bin/baton.js",
        "engine",
        "work",
        "--worker-id",
        `b${i}`,
        "--batch",
        String(o.batch),
        "--tick-ms",
        String(o.tickMs),
        ...(opts.concurrency ? ["--concurrency", String(opts.concurrency)] : []),
      ];
      const prof = opts.profile && o.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${o.profileDir}`] : [];
      const child = spawn(process.execPath, [...prof, ...args], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      live.add(child);
      child.once("exit", () => live.delete(child));
      return new Promise<ChildProcess>((resolve) =>
        // keep reading stdout to the end (the worker prints its totals when it stops)
        child.stdout.on("data", (b: Buffer) => b.toString().includes('"started"') && resolve(child)),
      );
    }),
  );
}

/** SIGTERM to each, and their exits. */
export async function stop(ws: ChildProcess[]): Promise<void> {
  await Promise.all(
    ws.map(
      (w) =>
        new Promise((r) => {
          w.once("exit", r);
          w.kill("SIGTERM");
        }),
    ),
  );
}
