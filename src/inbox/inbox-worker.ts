// An inbox worker: claims up to maxMailboxes mailboxes whose lease ended, keeps one IMAP session
// per claimed mailbox (renewing the lease while connected, reconnecting with a backoff after an
// error, which it records on the mailbox), and gives the mailboxes back when it stops. Any number
// of workers (in the server, or `baton inbox work` processes) share the mailboxes this way. A
// mailbox a person connected (Google, Microsoft: issue 67 item 6) is read the same way through its
// provider's API: the worker gives each one that may be read its inbox row as it finds it
// (provider-inboxes.ts), so connecting it is all the setup there is.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import type { ReplyClassifier } from "../replies/index.ts";
import type { DnsResolver } from "./inbound-auth.ts";
import { type ClaimedInbox, claimInboxes, releaseInbox, renewInboxLease } from "./inbox-lease.ts";
import { type InboxMetrics, noInboxMetrics } from "./inbox-metrics.ts";
import { ensureInboxPrincipal } from "./inbox-principal.ts";
import { runMailboxSession } from "./ingest-mailbox.ts";
import { ensureProviderInboxes } from "./provider-inboxes.ts";
import { recordInboxError } from "./record-inbox-error.ts";

export interface InboxWorkerOptions {
  workerId: string;
  leaseMs: number;
  pollMs: number;
  maxMailboxes: number;
  softBounceLimit: number;
  secret: string;
  secretEnv: Record<string, string>;
  clock?: () => Date;
  metrics?: InboxMetrics;
  classifier?: ReplyClassifier;
  /** DNS for Baton's own DKIM check of inbound mail (tests inject one) */
  dnsResolver?: DnsResolver;
  /** only these tenants' mailboxes (default: every tenant's) */
  clientIds?: string[];
  /** how often to look for unclaimed mailboxes (default 1 s) */
  claimEveryMs?: number;
  /** how often to look for newly connected mailboxes to read (default 10 s) */
  discoverEveryMs?: number;
  onError?: (e: unknown, where: string) => void;
}

export interface InboxWorker {
  /** mailboxes this worker holds now */
  held(): number;
  stop(): Promise<void>;
}

const sleep = (ms: number, stopped: Promise<void>) =>
  Promise.race([new Promise<void>((r) => setTimeout(r, ms)), stopped]);

export function startInboxWorker(db: Kysely<DB>, o: InboxWorkerOptions): InboxWorker {
  const clock = o.clock ?? (() => new Date());
  const metrics = o.metrics ?? noInboxMetrics;
  let stopping = false;
  let signalStop: () => void = () => {};
  const stopped = new Promise<void>((r) => {
    signalStop = r;
  });
  const held = new Map<string, Promise<void>>();
  const principals = new Map<string, Promise<Principal>>();
  const actorOf = (clientId: string) => {
    let p = principals.get(clientId);
    if (!p) {
      p = ensureInboxPrincipal(db, clientId);
      principals.set(clientId, p);
      p.catch(() => principals.delete(clientId));
    }
    return p;
  };

  async function keep(c: ClaimedInbox) {
    let backoff = 1000;
    try {
      while (!stopping) {
        try {
          const actor = await actorOf(c.client_id);
          const r = await runMailboxSession(
            db,
            c,
            {
              actor,
              softBounceLimit: o.softBounceLimit,
              metrics,
              classifier: o.classifier,
              secret: o.secret,
              dnsResolver: o.dnsResolver,
            },
            {
              workerId: o.workerId,
              leaseMs: o.leaseMs,
              pollMs: o.pollMs,
              secret: o.secret,
              secretEnv: o.secretEnv,
              clock,
              stopped,
              isStopped: () => stopping,
            },
          );
          if (r === "lost" && !(await renewInboxLease(db, c, o.workerId, o.leaseMs, clock()))) return;
          backoff = 1000;
        } catch (e) {
          if (stopping) return;
          metrics.syncFailed(c.id);
          o.onError?.(e, `mailbox ${c.id}`);
          await recordInboxError(db, c, e, clock()).catch(() => {});
          await sleep(backoff, stopped);
          backoff = Math.min(backoff * 2, 60_000);
          if (!(await renewInboxLease(db, c, o.workerId, o.leaseMs, clock()).catch(() => false))) return;
        }
      }
    } finally {
      await releaseInbox(db, c, o.workerId).catch(() => {});
      held.delete(c.id);
    }
  }

  let discoveredAt = Number.NEGATIVE_INFINITY;
  const loop = (async () => {
    while (!stopping) {
      try {
        if (Date.now() - discoveredAt >= (o.discoverEveryMs ?? 10_000)) {
          discoveredAt = Date.now();
          await ensureProviderInboxes(db, clock(), { clientIds: o.clientIds, secretEnv: o.secretEnv });
        }
        const room = o.maxMailboxes - held.size;
        for (const c of await claimInboxes(db, o.workerId, room, o.leaseMs, clock(), o.clientIds)) {
          held.set(c.id, keep(c));
        }
      } catch (e) {
        o.onError?.(e, "claim");
      }
      await sleep(o.claimEveryMs ?? 1000, stopped);
    }
  })();

  return {
    held: () => held.size,
    async stop() {
      stopping = true;
      signalStop();
      await loop;
      await Promise.all([...held.values()]);
    },
  };
}
