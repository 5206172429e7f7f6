// src/db/analyze-owned.ts (an import's statistics, the erasure's compaction): only a table's owner
// may ANALYZE it. The runtime role owns nothing, so it analyzes nothing and is not refused (the
// import goes on; autovacuum analyzes on a server); the owner analyzes what it asked for.
import { expect, it } from "vitest";
import { analyzeOwnedTables, ownedTables } from "../../src/db/analyze-owned.ts";
import { describeAsRuntimeRole } from "../support/runtime-role.ts";

describeAsRuntimeRole("ANALYZE after a large write", "anlz", (get) => {
  it("the runtime role owns none of the tables and analyzes nothing, without an error", async () => {
    const done = await get().runtime((tx) => analyzeOwnedTables(tx, ["contacts", "accounts"]));
    expect(done).toEqual([]);
    const owned = await get().runtime((tx) => ownedTables(tx, ["contacts", "accounts", "no_such_table"]));
    // a table that does not exist is left out, not guessed at
    expect([...owned]).toEqual([
      ["accounts", false],
      ["contacts", false],
    ]);
  });

  it("the owner analyzes the tables it names, in the order named", async () => {
    expect(await analyzeOwnedTables(get().owner, ["contacts", "accounts"])).toEqual(["contacts", "accounts"]);
  });
});
