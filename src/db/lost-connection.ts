// A lost database connection, told apart from every other error in this one place (issue 58,
// Deliver 4). A PostgreSQL restart under load answered 48 of 1,761 requests with 500: the errors
// pg raises while a server shuts down, is down and starts again were unknown to mapDbError, so
// they became INTERNAL. They are faults of the moment, not of the request: the API retries what is
// safe to repeat and otherwise answers 503 with Retry-After (api/retry-lost-connection.ts,
// api/error-handler.ts).
//
// What pg raises, by phase of a restart (test/foundation/lost-connection.test.ts holds each shape):
//   - a backend ended by the server: SQLSTATE 57P01 admin_shutdown (pg_ctl -m fast), 57P02
//     crash_shutdown (another backend crashed), 57P05 idle_session_timeout;
//   - a new connection while the server shuts down or starts: 57P03 cannot_connect_now;
//   - class 08, connection exception (08000, 08003, 08006, 08001, 08004, 08P01);
//   - 53300 too_many_connections: the server refuses a connection, not the request;
//   - the socket: ECONNREFUSED (nothing listens), ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH…;
//   - pg's own messages, with no code: "Connection terminated unexpectedly" (the socket closed under
//     a query), "Client has encountered a connection error and is not queryable" and "Client was
//     closed and is not queryable" (a query on a client that already lost its connection),
//     "Connection terminated due to connection timeout" and pg-pool's "timeout exceeded when trying
//     to connect".
// A BatonError is never one (it is already an answer), except INTERNAL wrapping one as its cause.
// An outside API's socket error is none either: it reaches here wrapped (fetch failed), not bare.

const SQLSTATES = new Set(["57P01", "57P02", "57P03", "57P05", "53300"]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTCONN",
  "EAI_AGAIN",
]);
const MESSAGES = [
  /^Connection terminated unexpectedly$/,
  /^Connection terminated$/,
  /^Connection terminated due to connection timeout$/,
  /is not queryable$/,
  /^timeout exceeded when trying to connect$/,
];

/** The seconds a client is told to wait (Retry-After): a fast restart takes one to a few. */
export const LOST_CONNECTION_RETRY_AFTER_S = 2;

function ownCode(e: object): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function isBatonErrorLike(e: object): boolean {
  return (e as { name?: unknown }).name === "BatonError";
}

function lostHere(e: object): boolean {
  const code = ownCode(e);
  if (code !== undefined) {
    if (SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || SOCKET_CODES.has(code)) return true;
  }
  const message = (e as { message?: unknown }).message;
  return typeof message === "string" && MESSAGES.some((m) => m.test(message));
}

/**
 * Whether `error` says the connection to the database was lost or could not be made. It looks into
 * an INTERNAL BatonError's cause and an AggregateError's errors (a host name with two addresses),
 * not into other wrappers: fetch's TypeError("fetch failed") wraps an outside API's ECONNREFUSED,
 * which is no database fault.
 */
export function isLostConnection(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== "object" || depth > 4) return false;
  if (isBatonErrorLike(error)) {
    return ownCode(error) === "INTERNAL" && isLostConnection((error as { cause?: unknown }).cause, depth + 1);
  }
  if (lostHere(error)) return true;
  const errors = (error as { errors?: unknown }).errors;
  return (
    error instanceof AggregateError &&
    Array.isArray(errors) &&
    errors.some((x) => isLostConnection(x, depth + 1))
  );
}

/**
 * The waits before each further attempt to open a connection, about 2 s in all: a fast restart
 * (pg_ctl -m fast restart) refuses connections for a few hundred milliseconds. Opening one is safe
 * to repeat for any request, a write as well as a read: nothing was sent.
 */
export const CONNECT_RETRY_WAITS_MS = [100, 250, 500, 1_000] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a step that lost its connection waits before its one more run. */
export const ONCE_MORE_WAIT_MS = 250;

/**
 * `run()`, run once more after a short wait when it lost its connection. Only for what is safe to
 * repeat: a read, a token's authentication, a rate limit's bucket (a lost answer may have spent
 * one token; the second run spends another).
 */
export async function onceMoreIfLost<T>(run: () => Promise<T>, waitMs = ONCE_MORE_WAIT_MS): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isLostConnection(e)) throw e;
    await sleep(waitMs);
    return run();
  }
}

/** `connect()`, tried again after each of `waits` while the database cannot be reached. */
export async function connectRetrying<T>(
  connect: () => Promise<T>,
  waits: readonly number[] = CONNECT_RETRY_WAITS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connect();
    } catch (e) {
      if (attempt >= waits.length || !isLostConnection(e)) throw e;
      await sleep(waits[attempt]);
    }
  }
}
