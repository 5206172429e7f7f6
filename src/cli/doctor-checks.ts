// 'baton doctor': checks each configured part (docs/operations.md). Every check answers
// ok / fail / skipped with a short detail that never carries a secret (no keys, no passwords, no
// connection string). Nothing is written: the database is opened without migrating.
import fs from "node:fs";
import { sql } from "kysely";
import nodemailer from "nodemailer";
import {
  checkSendingDomain,
  sendingDomains,
  systemTxtResolver,
  type TxtResolver,
} from "../channels/index.ts";
import type { Config } from "../config/config.ts";
import { clusterProblems, hasCitus } from "../db/citus-cluster.ts";
import { type Database, openDatabase } from "../db/connect.ts";
import { migrationStatus } from "../db/migration-status.ts";
import { authHeaders, modelsUrl } from "../drafting/index.ts";
import { isBatonError } from "../errors/baton-error.ts";

export type CheckStatus = "ok" | "fail" | "skipped";
export interface CheckResult {
  part: string;
  status: CheckStatus;
  detail: string;
}

/** The database and the app clock may differ by this much before leases and schedules suffer. */
export const MAX_CLOCK_SKEW_MS = 2_000;
const TIMEOUT_MS = 10_000;

function reason(e: unknown): string {
  if (isBatonError(e)) return `${e.code}: ${e.message}`;
  const err = e as { code?: string; message?: string };
  return String(err?.code ? `${err.code}: ${err.message}` : (err?.message ?? e)).slice(0, 200);
}

async function databaseChecks(config: Config): Promise<CheckResult[]> {
  const where = config.databaseUrl ? "PostgreSQL" : `PGlite in ${config.dataDir}`;
  if (!config.databaseUrl && !fs.existsSync(config.dataDir)) {
    return [
      {
        part: "database",
        status: "fail",
        detail: `no data directory at ${config.dataDir} (start Baton once)`,
      },
      { part: "migrations", status: "skipped", detail: "no database" },
      { part: "clock skew", status: "skipped", detail: "no database" },
    ];
  }
  let database: Database;
  try {
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  } catch (e) {
    const locked = isBatonError(e) && e.code === "DATA_DIR_LOCKED";
    return [
      {
        part: "database",
        status: locked ? "skipped" : "fail",
        detail: locked ? `${where} is open in a running Baton: ask its /readyz` : `${where}: ${reason(e)}`,
      },
      { part: "migrations", status: "skipped", detail: "database not checked" },
      { part: "clock skew", status: "skipped", detail: "database not checked" },
    ];
  }
  const out: CheckResult[] = [];
  try {
    const before = Date.now();
    const r = await sql<{ version: string; now: Date }>`select version() as version, now() as now`.execute(
      database.db,
    );
    const after = Date.now();
    const { version, now } = r.rows[0];
    out.push({
      part: "database",
      status: "ok",
      detail: `${where}: ${version.split(" on ")[0].split(",")[0]}`,
    });
    const m = await migrationStatus(database.db);
    out.push(
      m.current
        ? { part: "migrations", status: "ok", detail: `${m.applied} applied, none pending` }
        : {
            part: "migrations",
            status: "fail",
            detail: m.unknown.length
              ? `the database is newer than this build (${m.unknown.join(", ")})`
              : `${m.pending.length} pending (${m.pending[0]}…): start Baton or run any baton command that migrates`,
          },
    );
    // the database's now() against the midpoint of our round trip
    const skew = new Date(now).getTime() - (before + after) / 2;
    out.push({
      part: "clock skew",
      status: Math.abs(skew) <= MAX_CLOCK_SKEW_MS ? "ok" : "fail",
      detail: `database clock ${skew >= 0 ? "ahead" : "behind"} by ${Math.abs(Math.round(skew))} ms (limit ${MAX_CLOCK_SKEW_MS} ms)`,
    });
    const cluster = await citusCheck(database);
    if (cluster) out.push(cluster);
  } catch (e) {
    const failed = out.length === 0 ? "database" : out.length === 1 ? "migrations" : "clock skew";
    out.push({ part: failed, status: "fail", detail: `${where}: ${reason(e)}` });
    for (const part of ["migrations", "clock skew"].filter((p) => !out.some((r) => r.part === p)))
      out.push({ part, status: "skipped", detail: `${failed} failed` });
  } finally {
    await database.close();
  }
  return out;
}

/**
 * On a Citus coordinator (the extension in Baton's database), what the cluster lacks for Baton
 * (issue 57: src/db/citus-cluster.ts), each with the step that fixes it; nothing on one server.
 */
async function citusCheck(database: Database): Promise<CheckResult | null> {
  try {
    if (!(await hasCitus(database.db))) return null;
    const problems = await clusterProblems(database.db);
    if (problems.length > 0) return { part: "citus", status: "fail", detail: problems.join("; ") };
    const workers = await sql<{ n: number }>`
      select count(*)::int as n from pg_dist_node where groupid <> 0 and noderole = 'primary'`.execute(
      database.db,
    );
    return {
      part: "citus",
      status: "ok",
      detail: `${workers.rows[0].n} workers; every table distributed by tenant; the extension, max_prepared_transactions and the database's settings on every node`,
    };
  } catch (e) {
    return { part: "citus", status: "fail", detail: reason(e) };
  }
}

async function smtpCheck(config: Config): Promise<CheckResult> {
  const s = config.smtp;
  if (!s)
    return { part: "smtp", status: "skipped", detail: "SMTP_HOST not set (dev recording: nothing is sent)" };
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: s.user ? { user: s.user, pass: s.pass ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.verify();
    return {
      part: "smtp",
      status: "ok",
      detail: `${s.host}:${s.port} ${s.user ? `accepted the login of ${s.user}` : "connected (no SMTP_USER: no login tried)"}`,
    };
  } catch (e) {
    return { part: "smtp", status: "fail", detail: `${s.host}:${s.port}: ${reason(e)}` };
  } finally {
    transport.close();
  }
}

async function attioCheck(config: Config): Promise<CheckResult> {
  const a = config.attio;
  if (!a) return { part: "attio", status: "skipped", detail: "ATTIO_API_KEY not set (the built-in CRM)" };
  try {
    // Attio v2 "Identify": the token, its workspace and scopes; a cheap authenticated read
    const res = await fetch(`${a.baseUrl.replace(/\/$/, "")}/v2/self`, {
      headers: { authorization: `Bearer ${a.apiKey}`, accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { active?: boolean; workspace_name?: string };
    if (!res.ok) return { part: "attio", status: "fail", detail: `GET /v2/self answered HTTP ${res.status}` };
    if (body.active === false) return { part: "attio", status: "fail", detail: "the key is not active" };
    return { part: "attio", status: "ok", detail: `key active for workspace ${body.workspace_name ?? "?"}` };
  } catch (e) {
    return { part: "attio", status: "fail", detail: reason(e) };
  }
}

async function llmCheck(config: Config): Promise<CheckResult> {
  const l = config.llm;
  if (!l) return { part: "llm", status: "skipped", detail: "LLM_BASE_URL not set (the template drafter)" };
  try {
    const base = l.baseUrl.replace(/\/+$/, "");
    // Anthropic "Get a Model"; OpenAI-style servers (OpenAI, Ollama, vLLM) "List models": both
    // authenticated, free, and they say whether the configured model is served
    const openai = l.api === "openai";
    // openai: {base}/models, the base naming its version as the OpenAI SDK's does (docs/llm.md)
    const res = await fetch(openai ? modelsUrl(base) : `${base}/v1/models/${encodeURIComponent(l.model)}`, {
      headers: openai
        ? { accept: "application/json", ...authHeaders(l) }
        : { "x-api-key": l.apiKey, "anthropic-version": "2023-06-01", accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (res.status === 401 || res.status === 403)
      return { part: "llm", status: "fail", detail: `the key was refused (HTTP ${res.status})` };
    if (res.status === 404) return { part: "llm", status: "fail", detail: `model ${l.model} not found` };
    if (!res.ok) return { part: "llm", status: "fail", detail: `HTTP ${res.status}` };
    if (openai) {
      const body = (await res.json().catch(() => ({}))) as { data?: { id?: string }[] };
      if (!(body.data ?? []).some((m) => m.id === l.model))
        return { part: "llm", status: "fail", detail: `model ${l.model} is not among the server's models` };
    }
    return { part: "llm", status: "ok", detail: `model ${l.model} available (${l.api ?? "anthropic"})` };
  } catch (e) {
    return { part: "llm", status: "fail", detail: reason(e) };
  }
}

/**
 * Each sending domain's SPF, DKIM and DMARC (issue 41 item 3): every tenant's mailboxes and DKIM
 * keys, and SMTP_FROM. Runs after the database checks closed their connection (PGlite has one).
 */
async function sendingDomainChecks(config: Config, resolver: TxtResolver): Promise<CheckResult[]> {
  let database: Database;
  try {
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  } catch {
    return [{ part: "dns", status: "skipped", detail: "database not checked" }];
  }
  let targets: Awaited<ReturnType<typeof sendingDomains>>;
  try {
    targets = await sendingDomains(database.db, null, config.smtp?.from ?? null);
  } catch (e) {
    return [{ part: "dns", status: "skipped", detail: `sending domains not read: ${reason(e)}` }];
  } finally {
    await database.close();
  }
  if (targets.length === 0)
    return [
      { part: "dns", status: "skipped", detail: "no sending domain yet (SMTP_FROM, mailboxes, DKIM keys)" },
    ];
  const out: CheckResult[] = [];
  for (const domain of await Promise.all(targets.map((t) => checkSendingDomain(resolver, t))))
    for (const c of domain.checks)
      out.push({
        part: `${c.record} ${domain.domain}`,
        status: c.status === "ok" || c.status === "warn" ? "ok" : "fail",
        detail: `${c.status === "warn" ? "warning: " : ""}${c.detail}${c.publish ? `; publish TXT at ${c.name}: ${c.publish}` : ""}`,
      });
  return out;
}

export async function runDoctor(
  config: Config,
  opts: { resolver?: TxtResolver } = {},
): Promise<CheckResult[]> {
  const [db, ...others] = await Promise.all([
    databaseChecks(config),
    smtpCheck(config),
    attioCheck(config),
    llmCheck(config),
  ]);
  const dbOk = db.every((r) => r.status === "ok");
  const dns = dbOk
    ? await sendingDomainChecks(config, opts.resolver ?? systemTxtResolver())
    : [{ part: "dns", status: "skipped" as const, detail: "database not checked" }];
  return [...db, ...others, ...dns];
}

/** part | status | detail, aligned. */
export function doctorTable(results: CheckResult[]): string {
  const w = Math.max(4, ...results.map((r) => r.part.length));
  const lines = [`${"part".padEnd(w)}  status   detail`, `${"-".repeat(w)}  -------  ${"-".repeat(40)}`];
  for (const r of results) lines.push(`${r.part.padEnd(w)}  ${r.status.padEnd(7)}  ${r.detail}`);
  return lines.join("\n");
}
