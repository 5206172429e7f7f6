// Dynamic client registration is open (RFC 7591: an MCP client registers itself before any person
// is involved), so it is limited per address (issue 73 item 2: 200 clients were registered in 8 s
// from one address, each stored). Counted in the sign-in throttle's fixed 15-minute windows, in the
// database, so every process shares the one limit; the address is kept as its hash only.
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { hashOpaqueId } from "../sessions/opaque-id.ts";
import { countInWindow, SIGN_IN_WINDOW_MS } from "../sessions/throttle-sign-in.ts";

/** Registrations per address per window: an agent registers once, and again after losing its state. */
export const REGISTRATIONS_PER_ADDRESS = 10;
export const REGISTRATION_WINDOW_MS = SIGN_IN_WINDOW_MS;

/** Counts one registration from the address; throws OAUTH_REGISTRATION_RATE_LIMITED over the limit. */
export async function throttleRegistration(db: Kysely<DB>, ip: string, now: Date): Promise<void> {
  const { attempts, retryAfterS } = await countInWindow(db, `oauth-reg:ip:${hashOpaqueId(ip)}`, now);
  if (attempts > REGISTRATIONS_PER_ADDRESS)
    throw new BatonError("OAUTH_REGISTRATION_RATE_LIMITED", {
      limit: REGISTRATIONS_PER_ADDRESS,
      window_minutes: REGISTRATION_WINDOW_MS / 60_000,
      retry_after_s: retryAfterS,
    });
}
