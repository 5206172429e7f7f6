// The classifier of lost connections against the shapes pg raises (pg-protocol's DatabaseError for
// what the server says, Node's socket errors, pg's and pg-pool's own messages), and the errors
// that are the request's own, which must stay what they are. The same shapes taken live from a
// server that is terminated, restarted and gone: test/foundation/postgres-restart.test.ts.
import { DatabaseError } from "pg-protocol";
import { describe, expect, it } from "vitest";
import { BatonError } from "../errors/baton-error.ts";
import { connectRetrying, isLostConnection, onceMoreIfLost } from "./lost-connection.ts";

function serverError(code: string, message: string, severity = "FATAL"): DatabaseError {
  const e = new DatabaseError(message, message.length, "error");
  e.code = code;
  e.severity = severity;
  return e;
}

function socketError(code: string, syscall = "connect"): Error {
  return Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), { code, errno: -1, syscall });
}

describe("isLostConnection", () => {
  it("knows what a server shutting down, restarting or gone makes pg raise", () => {
    const lost = [
      serverError("57P01", "terminating connection due to administrator command"),
      serverError("57P02", "terminating connection because of crash of another server process"),
      serverError("57P03", "the database system is shutting down"),
      serverError("57P03", "the database system is starting up"),
      serverError("08006", "connection failure"),
      serverError("08P01", "protocol violation"),
      serverError("53300", "sorry, too many clients already"),
      socketError("ECONNREFUSED"),
      socketError("ECONNRESET", "read"),
      socketError("EPIPE", "write"),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("Client was closed and is not queryable"),
      new Error("Connection terminated due to connection timeout"),
      new Error("timeout exceeded when trying to connect"),
      new AggregateError([socketError("ECONNREFUSED"), socketError("ECONNREFUSED")], ""),
      new BatonError("INTERNAL", {}, { cause: socketError("ECONNRESET", "read") }),
    ];
    expect(lost.map((e) => isLostConnection(e))).toEqual(lost.map(() => true));
  });

  it("leaves the request's own errors, and outside APIs' socket errors, as they are", () => {
    const ordinary = [
      serverError("23505", "duplicate key value violates unique constraint", "ERROR"),
      serverError("40001", "could not serialize access", "ERROR"),
      serverError("42601", "syntax error", "ERROR"),
      serverError("57014", "canceling statement due to statement timeout", "ERROR"),
      new BatonError("CONFLICT", {}, { cause: socketError("ECONNRESET") }),
      new TypeError("fetch failed", { cause: socketError("ECONNREFUSED") }),
      new Error("Connection terminated unexpectedly, said a CRM"),
      null,
      "Connection terminated unexpectedly",
    ];
    expect(ordinary.map((e) => isLostConnection(e))).toEqual(ordinary.map(() => false));
  });
});

describe("running again", () => {
  it("opens a connection again while the server refuses, and gives up after the last wait", async () => {
    let calls = 0;
    const opened = await connectRetrying(async () => {
      if (++calls < 3) throw socketError("ECONNREFUSED");
      return "client";
    }, [0, 0, 0]);
    expect([opened, calls]).toEqual(["client", 3]);
    calls = 0;
    const refused = await connectRetrying(async () => {
      calls++;
      throw socketError("ECONNREFUSED");
    }, [0, 0]).catch((e) => e);
    expect([refused.code, calls]).toEqual(["ECONNREFUSED", 3]);
  });

  it("runs a step once more after a lost connection, never after another error", async () => {
    let calls = 0;
    const lostOnce = await onceMoreIfLost(async () => {
      if (++calls === 1) throw serverError("57P01", "terminating connection due to administrator command");
      return calls;
    }, 0);
    expect(lostOnce).toBe(2);
    calls = 0;
    const refused = await onceMoreIfLost(async () => {
      calls++;
      throw serverError("23505", "duplicate key", "ERROR");
    }, 0).catch((e) => e);
    expect([refused.code, calls]).toEqual(["23505", 1]);
  });
});
