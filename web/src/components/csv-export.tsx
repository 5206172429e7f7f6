// CSV export of a workspace table: the rows the table shows, as RFC 4180 CSV with a UTF-8 BOM,
// downloaded through a Blob and an object URL (no inline script; the CSP forbids it). Either give the rows and columns,
// or let the button read the table beside it (the nearest figure, card or section's first table).
// Every cell goes through the server's one cell writer, csvCell (src/prospects/write-csv.ts), which
// neutralises formula-like text (=, +, -, @, tab, CR: issue 36 item 13) so a spreadsheet shows it
// as text instead of running it. The writer (csv-stringify and a Buffer for the browser, 33 KB) is
// fetched on the first click, not with every page that shows the button.
import { useRef } from "react";
import type { CsvValue } from "../../../src/prospects/write-csv.ts";

const writer = () => import("../../../src/prospects/write-csv.ts");

/** The visible text of an HTML table, header rows first. */
export function tableRows(table: HTMLTableElement): [string[], string[][]] {
  const rows = [...table.querySelectorAll("tr")].map((tr) =>
    [...tr.querySelectorAll("th, td")].map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim()),
  );
  const [header = [], ...body] = rows;
  return [header, body];
}

async function downloadCsv(filename: string, header: string[], rows: CsvValue[][]): Promise<void> {
  const { csvDownloadBlob, toCsv } = await writer();
  // with a UTF-8 BOM first, so Excel reads "Müller" and not "MÃ¼ller"
  const url = URL.createObjectURL(csvDownloadBlob(toCsv(header, rows)));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename.endsWith(".csv") ? filename : `${filename}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * "Download CSV". With `rows` it exports them; without, it exports the table it sits beside (the
 * first table inside its nearest figure, .card or section).
 */
export function CsvButton(props: {
  filename: string;
  header?: string[];
  rows?: CsvValue[][];
  /** the data-testid of the table to export (default: the first table beside the button) */
  table?: string;
  label?: string;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  const onClick = () => {
    if (props.rows && props.header) {
      void downloadCsv(props.filename, props.header, props.rows);
      return;
    }
    const scope = ref.current?.closest("figure, .card, section");
    const table = props.table
      ? document.querySelector<HTMLTableElement>(`table[data-testid="${props.table}"]`)
      : scope?.querySelector("table");
    if (table) void downloadCsv(props.filename, ...tableRows(table));
  };
  return (
    <button
      ref={ref}
      type="button"
      className="secondary csv-export"
      data-testid={`csv-${props.filename}`}
      onClick={onClick}
    >
      {props.label ?? "Download CSV"}
    </button>
  );
}
