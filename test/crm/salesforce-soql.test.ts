// SOQL literals built from hostile input stay data: escaped by soqlString, read back by the
// stand-in's parser (Salesforce's documented escapes) as the same string, never as query text.
import { describe, expect, it } from "vitest";
import { isSalesforceId, soqlDateTime, soqlField, soqlString } from "../../src/crm/salesforce-soql.ts";
import { parseSoql } from "../support/salesforce-soql.ts";

describe("SOQL literals", () => {
  it("escapes quotes, backslashes and line breaks; the parsed query holds the input unchanged", () => {
    for (const hostile of [
      "O'Brien",
      "x' OR Id != '",
      "a\\' OR 1=1 --",
      'q"uote',
      "line\nbreak\ttab",
      "\\",
    ]) {
      const q = parseSoql(`SELECT Id FROM Contact WHERE LastName = ${soqlString(hostile)}`);
      expect(q.where).toEqual({ op: "cmp", field: "LastName", cmp: "=", value: hostile });
    }
    expect(soqlString("O'Brien")).toBe(String.raw`'O\'Brien'`);
    expect(() => soqlString("nul\u0000")).toThrow(/control/);
  });

  it("dateTimes are UTC at second precision; field names and ids are checked", () => {
    expect(soqlDateTime(new Date("2026-03-02T10:00:00.789+01:00"))).toBe("2026-03-02T09:00:00Z");
    expect(() => soqlDateTime(new Date("nope"))).toThrow();
    expect(soqlField("Lifecycle_Stage__c")).toBe("Lifecycle_Stage__c");
    expect(() => soqlField("Id FROM User --")).toThrow();
    expect(isSalesforceId("003000000000001AAA")).toBe(true);
    expect(isSalesforceId("003000000000001")).toBe(true);
    expect(isSalesforceId("003'/../x")).toBe(false);
  });
});
