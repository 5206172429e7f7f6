// pg's connection to an embedded PGlite, in place of @electric-sql/pglite/node-postgres's: one call
// into PGlite for each batch of protocol messages instead of one for each message.
//
// The adapter that ships with PGlite hands every message pg writes (Parse, Bind, Describe, Execute,
// Sync) to `execProtocolStream` on its own: a turn of PGlite's mutex, a new result parser, a
// file-system sync and a promise each. PGlite's backend reads every message of a buffer in one call
// (`execProtocolRawSync` loops until the input is consumed), as a server reads a socket. So this
// connection keeps the messages pg writes until pg asks for an answer, at a Sync or a Flush (pg ends
// every extended-protocol exchange with one of them, and a simple Query stands alone), and sends them
// together. The backend sees the same messages in the same order, so its answers are the same: one
// sync group of several statements (sync-group.ts) goes in one call, and after an error the backend
// skips to the Sync itself, as a server does.
//
// The answers are read by pg's own protocol parser (pg-protocol, what pg reads a socket with) from
// the backend's raw bytes as it writes them (`execProtocolRawStream`), not by PGlite's
// (`execProtocolStream`): PGlite's copies every field of every row into an ArrayBuffer of its own
// before decoding it (docs/performance-journal.md 0w.3); pg-protocol decodes each field from one buffer.
// (`execProtocolRaw` is no way out: it runs PGlite's parser too, and keeps what it parsed.) What
// execProtocolStream adds around the same call is not used here: it throws no error (throwOnError:
// false), it has no notice callback, and Baton listens to no channel through PGlite's LISTEN API.
import { EventEmitter } from "node:events";
import type { PGlite } from "@electric-sql/pglite";
import { serialize } from "pg-protocol";
import type { BackendMessage } from "pg-protocol/dist/messages.js";
import { Parser } from "pg-protocol/dist/parser.js";

type Serialize = typeof serialize;

/** The connection object pg's Client takes as `connection` (the same surface as PGlite's adapter). */
export class PgliteConnection extends EventEmitter {
  _connecting = false;
  stream = { destroy: () => this.end() };
  // pg's Client and Query keep their records of parsed statements here
  parsedStatements: Record<string, string> = {};
  submittedNamedStatements: Record<string, string> = {};
  readonly #pglite: PGlite;
  // one parser a connection: it keeps a message cut at the end of one answer for the next
  readonly #parser = new Parser();
  #pending: Buffer[] = [];
  #queue: Promise<unknown>;
  #emitRaw = false;

  constructor(pglite: PGlite) {
    super();
    this.#pglite = pglite;
    this.#queue = pglite.waitReady;
    this.on("newListener", (event) => {
      if (event === "message") this.#emitRaw = true;
    });
  }

  async connect(): Promise<void> {
    this._connecting = true;
    await this.#pglite.waitReady;
    process.nextTick(() => this.emit("readyForQuery"));
  }

  requestSsl(): void {}
  startup(): void {}
  cancel(): void {}
  password(): void {}
  ref(): void {}
  unref(): void {}

  // kept until pg asks for an answer
  parse(m: Parameters<Serialize["parse"]>[0]): void {
    this.#pending.push(serialize.parse(m));
  }
  bind(m: Parameters<Serialize["bind"]>[0]): void {
    this.#pending.push(serialize.bind(m));
  }
  describe(m: Parameters<Serialize["describe"]>[0]): void {
    this.#pending.push(serialize.describe(m));
  }
  execute(m: Parameters<Serialize["execute"]>[0]): void {
    this.#pending.push(serialize.execute(m));
  }
  close(m: Parameters<Serialize["close"]>[0]): void {
    this.#pending.push(serialize.close(m));
  }

  // each of these asks for an answer: what was kept goes with it
  sync(): void {
    this.#send(serialize.sync());
  }
  flush(): void {
    this.#send(serialize.flush());
  }
  query(text: string): void {
    this.#send(serialize.query(text));
  }
  sendCopyFromChunk(chunk: Buffer): void {
    this.#send(serialize.copyData(chunk));
  }
  endCopyFrom(): void {
    this.#send(serialize.copyDone());
  }
  sendCopyFail(message: string): void {
    this.#send(serialize.copyFail(message));
  }
  sendSASLInitialResponseMessage(mechanism: string, initialResponse: string): void {
    this.#send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
  }
  sendSCRAMClientFinalMessage(additionalData: string): void {
    this.#send(serialize.sendSCRAMClientFinalMessage(additionalData));
  }

  end(): void {
    this.#queue = this.#queue.then(() => this.emit("end"));
    for (const event of this.eventNames()) if (event !== "newListener") this.removeAllListeners(event);
    this.#emitRaw = false;
  }

  #send(last: Buffer): void {
    this.#pending.push(last);
    const message = this.#pending.length === 1 ? last : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#queue = this.#queue
      .then(async () => {
        const answers: BackendMessage[] = [];
        // each chunk is a view of the backend's memory, written over after the call: copied before
        // the parser may keep a message cut at its end
        await this.#pglite.execProtocolRawStream(message, {
          onRawData: (chunk) => this.#parser.parse(Buffer.from(chunk), (m) => answers.push(m)),
        });
        // handed to pg once PGlite has returned, as its answers were before
        for (const m of answers) {
          if (this.#emitRaw) this.emit("message", m);
          this.emit(m.name === "error" ? "errorMessage" : m.name, m);
        }
      })
      .catch((e) => {
        this.emit("error", e);
      });
  }
}

/** The pg Pool configuration for an embedded PGlite: its one connection, shared by the pool's one client. */
export function pglitePgConfig(pglite: PGlite) {
  return {
    max: 1,
    user: "postgres",
    password: "dummy",
    database: "postgres",
    host: "localhost",
    port: 5432,
    connection: new PgliteConnection(pglite),
  };
}
