// One writer for the event log (issue 39 item 6): only src/event-log/append-events.ts
// inserts into cadence_event_log, so every event gets its lineage the same way. Reads the sources
// and the migrations (a trigger or function could write the table too).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRITER = "src/event-log/append-events.ts";
const WRITES = [
  /insertInto\(\s*["'`]cadence_event_log["'`]/,
  /\binsert\s+into\s+(?:public\.)?"?cadence_event_log\b/i,
  /\bcopy\s+(?:public\.)?"?cadence_event_log\b/i,
];

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .flatMap((d) =>
      d.isFile() && ext.test(d.name) ? [path.relative(ROOT, path.join(d.parentPath, d.name))] : [],
    );
}

describe("the event log's one writer", () => {
  it("nothing but appendEvents inserts into cadence_event_log", () => {
    const files = [...filesUnder("src", /\.tsx?$/), ...filesUnder("db/migrations", /\.sql$/)];
    expect(files).toContain(WRITER);
    const writers = files.filter((f) => {
      const text = fs.readFileSync(path.join(ROOT, f), "utf8");
      return WRITES.some((re) => re.test(text));
    });
    expect(writers).toEqual([WRITER]);
  });
});
