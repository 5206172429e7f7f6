// The enrolment list's CSV (web/src/components/enroll-csv.ts, issue 71 item 5): an Excel file from a
// German, French or Dutch desk (`;`, a BOM, CRLF, quoted fields) reads like a comma file.
import { describe, expect, it } from "vitest";
import { readEnrollCsv } from "../../web/src/components/enroll-csv.ts";

describe("readEnrollCsv", () => {
  it("reads an Excel `;` file with a BOM, CRLF and a quoted `;`", () => {
    const text =
      '\ufeffName;Email;Firma\r\n"Müller; Jörg";jorg@beispiel.de;Acme\r\nAnna;"anna@beispiel.de";X\r\n\r\n';
    expect(readEnrollCsv(text)).toEqual([{ email: "jorg@beispiel.de" }, { email: "anna@beispiel.de" }]);
  });
  it("reads a comma file, a tab file, contact ids, and one column of addresses without a header", () => {
    expect(readEnrollCsv("email,first\na@x.io,Ann\n")).toEqual([{ email: "a@x.io" }]);
    expect(readEnrollCsv("contact_id\temail\nc-1\t\n\tb@x.io\n")).toEqual([
      { contact_id: "c-1" },
      { email: "b@x.io" },
    ]);
    expect(readEnrollCsv("a@x.io\nb@x.io\n")).toEqual([{ email: "a@x.io" }, { email: "b@x.io" }]);
  });
  it("keeps what it read before a record it cannot read, instead of failing the upload", () => {
    expect(readEnrollCsv('email\na@x.io\n"b@x.io\n')).toEqual([{ email: "a@x.io" }]);
  });
});
