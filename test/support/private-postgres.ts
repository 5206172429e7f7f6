// A PostgreSQL 15 server of one test's own, for what no test may do to the machine's shared server:
// restart it under load (issue 58, Deliver 4). initdb into a temporary directory owned by the
// postgres user (the server refuses to run as root, and the tests run as root), a free loopback
// port, its socket in that directory; stop() removes it all.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe } from "vitest";
import { describeNeeds, recordSkip } from "./multi.ts";

export const PG_BIN = process.env.BATON_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";
// as root, the server runs as the postgres user (runuser), which must exist
const binariesPresent = () =>
  fs.existsSync(path.join(PG_BIN, "initdb")) &&
  fs.existsSync(path.join(PG_BIN, "pg_ctl")) &&
  (process.getuid?.() !== 0 || spawnSync("id", ["postgres"], { stdio: "ignore" }).status === 0);

/**
 * A suite that needs its own server: where TEST_DATABASE_URL is set (the multi-connection suites'
 * gate) and PostgreSQL's binaries are installed; elsewhere a recorded skip, as describeNeeds does.
 */
export function describePrivatePostgres(name: string, fn: () => void) {
  if (binariesPresent()) {
    describeNeeds(["postgres"], name, fn, 300_000);
    return;
  }
  recordSkip(
    "postgres",
    name,
    `${PG_BIN}/initdb is not installed (the suite starts a server of its own)`,
    "apt-get install -y postgresql-15, or BATON_TEST_PG_BIN=/path/to/bin npm test",
  );
  describe.skip(`[postgres] ${name} (no ${PG_BIN}/initdb, or no postgres user)`, fn);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL program's command line, as the postgres user (we may be root; the server may not). */
function asPostgres(program: string, args: string[]): [string, string[]] {
  const cmd = path.join(PG_BIN, program);
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl -m fast restart`, until the server accepts connections again (the event loop runs on). */
  restart(): Promise<void>;
  stop(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-private-pg-"));
  if (process.getuid?.() === 0) spawnSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  execFileSync(
    ...asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]),
  );
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const ctl = (...args: string[]) => asPostgres("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), ...args]);
  const run = (...args: string[]) => execFileSync(...ctl(...args), { stdio: "ignore" });
  run("-o", options, "-w", "start");
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: () =>
      new Promise<void>((resolve, reject) => {
        execFile(...ctl("-o", options, "-m", "fast", "-w", "restart"), (e) => (e ? reject(e) : resolve()));
      }),
    stop: () => {
      if (running) run("-m", "immediate", "-w", "stop");
      running = false;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
