// baton mailboxes inbox … and baton inbox work: the mailbox ingester's CLI, thin over src/inbox
// (issue 12, docs/mailboxes.md). Passwords and OAuth2 refresh tokens are never taken on the command
// line: --password-stdin / --refresh-token-stdin read one line from stdin, --password-env /
// --refresh-token-env name a BATON_MAILBOX_* variable the workers have.
import { BatonError } from "../errors/baton-error.ts";
import {
  addInbox,
  decideInboundReview,
  getInboundReview,
  type InboxAuthInput,
  listInboundReviews,
  listMailboxStates,
  REVIEW_STATUSES,
  type ReviewStatus,
  setInboxPaused,
  setTrustedAuthservIds,
  startInboxWorker,
  syncInboxOnce,
} from "../inbox/index.ts";
import type { CliCommand, CliContext } from "./command.ts";
import { PAGE_OPTIONS, pageFlags } from "./page-options.ts";

const str = (ctx: CliContext, k: string) =>
  typeof ctx.flags[k] === "string" ? (ctx.flags[k] as string) : undefined;

function need(ctx: CliContext, name: string): string {
  const v = str(ctx, name);
  if (!v)
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: `--${name}`, message: "is required" }] });
  return v;
}

function num(v: string | undefined, fallback: number): number {
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

function reviewStatus(v: string): ReviewStatus {
  if (!(REVIEW_STATUSES as readonly string[]).includes(v))
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "--status", message: REVIEW_STATUSES.join(", ") }],
    });
  return v as ReviewStatus;
}

const mailboxOption = { mailbox: { type: "string" as const, description: "the mailbox's address" } };

export const inboxCommands: CliCommand[] = [
  {
    name: "mailboxes inbox add",
    summary: "Configure the IMAP inbox of a sending mailbox (admin, revops)",
    usage:
      "baton mailboxes inbox add --mailbox rep@acme.com --host imap.acme.com [--port 993] [--no-tls] [--username u] (--password-stdin | --password-env BATON_MAILBOX_REP | --xoauth2 google|microsoft [--refresh-token-stdin | --refresh-token-env BATON_MAILBOX_REP_RT]) [--folder INBOX] [--trust-authserv-id mx.google.com,…] [--replace]",
    options: {
      ...mailboxOption,
      host: { type: "string", description: "IMAP server" },
      port: { type: "string", description: "IMAP port (993 with TLS, 143 without)" },
      "no-tls": { type: "boolean", description: "connect without TLS (local test servers only)" },
      username: { type: "string", description: "IMAP login (default: the mailbox address)" },
      "password-stdin": { type: "boolean", description: "read the password from stdin (stored encrypted)" },
      "password-env": { type: "string", description: "a BATON_MAILBOX_* variable holding the password" },
      xoauth2: { type: "string", description: "log in with an OAuth2 access token from this provider" },
      "refresh-token-stdin": {
        type: "boolean",
        description: "xoauth2: read the mailbox's OAuth2 refresh token from stdin (stored encrypted)",
      },
      "refresh-token-env": {
        type: "string",
        description: "xoauth2: a BATON_MAILBOX_* variable holding the mailbox's OAuth2 refresh token",
      },
      folder: { type: "string", description: "folder to read (default INBOX)" },
      "trust-authserv-id": {
        type: "string",
        description:
          "receiving servers (RFC 8601 authserv-ids, comma-separated) whose verdict the mailbox trusts: mx.google.com or mx.microsoft.com (read from their ARC seal), or your own MX's host name (its Authentication-Results above the first Received)",
      },
      replace: { type: "boolean", description: "replace existing settings" },
    },
    async run(ctx) {
      const mailbox = need(ctx, "mailbox");
      const host = need(ctx, "host");
      let auth: InboxAuthInput;
      if (str(ctx, "xoauth2"))
        auth = {
          kind: "xoauth2",
          provider: str(ctx, "xoauth2")!,
          refreshTokenEnv: str(ctx, "refresh-token-env"),
          refreshToken: ctx.flags["refresh-token-stdin"] ? await readStdinLine() : undefined,
        };
      else if (str(ctx, "password-env")) auth = { kind: "password", passwordEnv: str(ctx, "password-env") };
      else if (ctx.flags["password-stdin"]) auth = { kind: "password", password: await readStdinLine() };
      else
        throw new BatonError("VALIDATION_FAILED", {
          errors: [
            { path: "--password-stdin", message: "give --password-stdin, --password-env or --xoauth2" },
          ],
        });
      const p = await ctx.principal();
      ctx.print(
        await addInbox(
          await ctx.db(),
          p,
          ctx.config.secret,
          {
            mailbox,
            host,
            port: str(ctx, "port") ? Number(str(ctx, "port")) : undefined,
            tls: !ctx.flags["no-tls"],
            username: str(ctx, "username"),
            auth,
            folder: str(ctx, "folder"),
            replace: Boolean(ctx.flags.replace),
            trustedAuthservIds: str(ctx, "trust-authserv-id")?.split(","),
          },
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "mailboxes inbox list",
    summary: "Each mailbox's state: connected, last sync, cursor, errors, sends today against the limit",
    options: mailboxOption,
    async run(ctx) {
      ctx.print(
        await listMailboxStates(await ctx.db(), await ctx.principal(), ctx.now(), str(ctx, "mailbox")),
      );
    },
  },
  {
    name: "mailboxes inbox pause",
    summary: "Stop reading a mailbox (its worker lets go within a lease renewal) (admin, revops)",
    options: mailboxOption,
    async run(ctx) {
      ctx.print(
        await setInboxPaused(await ctx.db(), await ctx.principal(), need(ctx, "mailbox"), true, ctx.now()),
      );
    },
  },
  {
    name: "mailboxes inbox resume",
    summary: "Read a paused mailbox again, from its stored cursor (admin, revops)",
    options: mailboxOption,
    async run(ctx) {
      ctx.print(
        await setInboxPaused(await ctx.db(), await ctx.principal(), need(ctx, "mailbox"), false, ctx.now()),
      );
    },
  },
  {
    name: "mailboxes inbox trust",
    summary:
      "Name the receiving servers whose verdict the mailbox trusts (mx.google.com, mx.microsoft.com: read from their ARC seal; your own MX: its Authentication-Results above the first Received); replaces the list (admin, revops)",
    usage:
      "baton mailboxes inbox trust --mailbox rep@acme.com --authserv-id mx.google.com[,mx.acme.com] | --none",
    options: {
      ...mailboxOption,
      "authserv-id": { type: "string", description: "RFC 8601 authserv-ids, comma-separated" },
      none: { type: "boolean", description: "trust none (only Baton's own DKIM check authenticates mail)" },
    },
    async run(ctx) {
      const ids = ctx.flags.none ? [] : need(ctx, "authserv-id").split(",");
      ctx.print(
        await setTrustedAuthservIds(
          await ctx.db(),
          await ctx.principal(),
          need(ctx, "mailbox"),
          ids,
          ctx.now(),
        ),
      );
    },
  },
  {
    name: "inbox reviews list",
    summary: "Untrusted inbound mail waiting for a person, with why it was not trusted (issue 35)",
    usage: "baton inbox reviews list [--status pending|applied|dismissed] [--contact <id>] [--limit 100]",
    options: {
      status: { type: "string", description: "pending (default), applied or dismissed" },
      contact: { type: "string", description: "only this contact's" },
      ...PAGE_OPTIONS,
    },
    async run(ctx) {
      ctx.print(
        await listInboundReviews(await ctx.db(), await ctx.principal(), {
          status: reviewStatus(str(ctx, "status") ?? "pending"),
          contactId: str(ctx, "contact"),
          ...pageFlags(ctx),
        }),
      );
    },
  },
  {
    name: "inbox reviews show",
    summary: "One untrusted inbound message: its excerpt, classification, trust record and decision",
    options: { id: { type: "string", description: "the review's id" } },
    async run(ctx) {
      ctx.print(await getInboundReview(await ctx.db(), await ctx.principal(), need(ctx, "id")));
    },
  },
  ...(["apply", "dismiss"] as const).map(
    (action): CliCommand => ({
      name: `inbox reviews ${action}`,
      summary:
        action === "apply"
          ? "Act on untrusted mail as if trusted (a stop request: confirm the opt-out) (revops, slm, admin)"
          : "Dismiss untrusted mail (the contact's sends a person's reply paused resume) (revops, slm, admin)",
      options: { id: { type: "string", description: "the review's id" } },
      async run(ctx) {
        ctx.print(
          await decideInboundReview(
            await ctx.db(),
            await ctx.principal(),
            need(ctx, "id"),
            action,
            ctx.now(),
          ),
        );
      },
    }),
  ),
  {
    name: "mailboxes inbox sync",
    summary: "Read a mailbox now, once, up to its newest message (admin, revops)",
    options: mailboxOption,
    async run(ctx) {
      const c = ctx.config;
      ctx.print(
        await syncInboxOnce(await ctx.db(), await ctx.principal(), need(ctx, "mailbox"), {
          secret: c.secret,
          secretEnv: c.inbox.secretEnv,
          softBounceLimit: c.inbox.softBounceLimit,
          now: () => new Date(),
        }),
      );
    },
  },
  {
    name: "inbox work",
    summary: "Run an inbox worker process: leases mailboxes and reads them over IMAP (IDLE or polling)",
    usage:
      "baton inbox work [--worker-id w1] [--max-mailboxes 50] [--poll-ms 30000] [--lease-ms 60000] [--client acme,globex]",
    options: {
      "worker-id": { type: "string", description: "name of this worker (default: inbox-<pid>)" },
      "max-mailboxes": { type: "string", description: "mailboxes this worker holds at most" },
      "poll-ms": { type: "string", description: "poll interval without IDLE (default BATON_INBOX_POLL_MS)" },
      "lease-ms": { type: "string", description: "mailbox lease (default BATON_INBOX_LEASE_MS)" },
      "claim-ms": { type: "string", description: "how often to look for unclaimed mailboxes (default 1000)" },
      client: { type: "string", description: "only these tenants' mailboxes (comma-separated client ids)" },
    },
    async run(ctx) {
      const db = await ctx.db();
      const c = ctx.config.inbox;
      const workerId = str(ctx, "worker-id") || `inbox-${process.pid}`;
      const worker = startInboxWorker(db, {
        workerId,
        leaseMs: num(str(ctx, "lease-ms"), c.leaseMs),
        pollMs: num(str(ctx, "poll-ms"), c.pollMs),
        maxMailboxes: num(str(ctx, "max-mailboxes"), c.maxMailboxes),
        softBounceLimit: c.softBounceLimit,
        secret: ctx.config.secret,
        secretEnv: c.secretEnv,
        claimEveryMs: num(str(ctx, "claim-ms"), 1000),
        clientIds: str(ctx, "client")?.split(",").filter(Boolean),
        onError: (e, where) => console.error(`inbox ${workerId}: ${where}: ${(e as Error)?.message ?? e}`),
      });
      ctx.print({ worker: workerId, started: true, pid: process.pid });
      await new Promise<void>((resolve) => {
        for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, () => resolve());
      });
      await worker.stop();
      ctx.print({ worker: workerId, stopped: true });
    },
  },
];
