// PGlite's own time per statement, for bench:simulate-statements on the embedded database.
//
// A timer around pg's Client.query measures a statement from its send to its answer. On the
// pipelined connection (src/db/pipelined-driver.ts) that includes the statements queued ahead of it,
// so a statement sent behind a slow one looks slow: round 1h of docs/performance-journal.md read the
// batches' touch read as twice as dear a row as at 55c2fdf from such a timer; its plans did the same
// work, and what it did cost more, planning at every call, shows here (journal 1i.2, 1i.5). This wraps PGlite's `execProtocolRawStream`, which runs the backend
// over one batch of protocol messages (src/db/pglite-connection.ts sends one batch per Sync), and
// keys its time by the statements in the batch: the texts of Parse messages, and of named
// statements through the names those Parse messages gave them. A sync group's statements share one
// key ("a ;; b"). What the wrapper cannot tell is which Baton frame sent the batch: PGlite runs it
// after the caller's stack is gone.
import { PGlite } from "@electric-sql/pglite";

type Stat = { n: number; ms: number };

/** The statements' folded texts in one batch of frontend messages ("(none)" for a bare Sync). */
function statementsOf(names: Map<string, string>, batch: Uint8Array): string {
  const b = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  const fold = (t: string) =>
    t
      .replace(/\s+/g, " ")
      .replace(/\$\d+(, \$\d+)*/g, "$n")
      .trim()
      .slice(0, 160);
  const cString = (body: Buffer, from: number) => {
    const end = body.indexOf(0, from);
    return { text: body.subarray(from, end).toString(), next: end + 1 };
  };
  const parts: string[] = [];
  let parsed: string | null = null;
  for (let at = 0; at + 5 <= b.length; at += 1 + b.readInt32BE(at + 1)) {
    const type = String.fromCharCode(b[at]);
    const body = b.subarray(at + 5, at + 1 + b.readInt32BE(at + 1));
    if (type === "P") {
      // Parse: statement name, text
      const name = cString(body, 0);
      const text = cString(body, name.next).text;
      if (name.text) names.set(name.text, text);
      parsed = text;
    } else if (type === "B") {
      // Bind: portal, statement name
      const statement = cString(body, cString(body, 0).next).text;
      parts.push(
        fold(statement ? (names.get(statement) ?? `(unknown statement ${statement})`) : (parsed ?? "?")),
      );
      parsed = null;
    } else if (type === "Q") parts.push(fold(cString(body, 0).text));
  }
  return parts.length ? parts.join(" ;; ") : "(none)";
}

/** Starts timing PGlite's work by statement; the returned function lists the totals so far. */
export function timePgliteStatements(): () => [string, Stat][] {
  const names = new Map<string, string>();
  const stats = new Map<string, Stat>();
  const run = PGlite.prototype.execProtocolRawStream;
  PGlite.prototype.execProtocolRawStream = async function (this: PGlite, batch, options) {
    const key = statementsOf(names, batch);
    const t0 = performance.now();
    try {
      return await run.call(this, batch, options);
    } finally {
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      stats.set(key, s);
    }
  };
  return () => [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
}
