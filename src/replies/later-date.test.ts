import { describe, expect, it } from "vitest";
import { extractLaterDate } from "./later-date.ts";

// Wednesday 2026-02-25
const received = new Date("2026-02-25T15:30:00Z");

describe("extractLaterDate: when to try again (issue 56 item 3.2)", () => {
  it.each([
    ["not now, try me in March", "2026-03-01"],
    ["circle back in Q3", "2026-07-01"],
    ["reach out next quarter", "2026-04-01"],
    ["follow up after the 15th", "2026-03-16"],
    ["ping me in two weeks", "2026-03-11"],
    ["try again after March 20", "2026-03-21"],
    ["maybe mid-April", "2026-04-15"],
    ["end of March works better", "2026-04-01"],
    ["next year", "2027-01-01"],
    ["no budget until 2027", "2027-01-01"],
    ["in February", "2027-02-01"],
    ["melden Sie sich nach den Sommerferien", "2026-09-01"],
    ["im nächsten Quartal", "2026-04-01"],
    ["in drei Monaten", "2026-05-25"],
    ["im 3. Quartal", "2026-07-01"],
    ["recontactez-moi en septembre", "2026-09-01"],
    ["à la rentrée", "2026-09-01"],
    ["dans deux mois", "2026-04-25"],
    ["escríbeme en abril", "2026-04-01"],
    ["dentro de un mes", "2026-03-25"],
    ["el próximo trimestre", "2026-04-01"],
    ["na de zomer", "2026-09-01"],
    ["over drie weken", "2026-03-18"],
    ["in mei", "2026-05-01"],
    ["a settembre", "2026-09-01"],
    ["tra due settimane", "2026-03-11"],
    ["dopo l'estate", "2026-09-01"],
    ["em junho", "2026-06-01"],
    ["daqui a dois meses", "2026-04-25"],
    ["no próximo trimestre", "2026-04-01"],
  ])("%s → %s", (text, expected) => {
    expect(extractLaterDate(text, received)?.toISOString().slice(0, 10)).toBe(expected);
  });

  it.each([["maybe later"], ["we may revisit this"], ["not now"], ["plus tard"], ["the sea (mar) is calm"]])(
    "%s has no date",
    (text) => {
      expect(extractLaterDate(text, received)).toBeNull();
    },
  );
});

describe("an hour is no day", () => {
  it("'nach 14 Uhr' names no date to try again", () => {
    // read as "after the 14th": a call offered for Thursday afternoon became a delay to the 15th
    expect(extractLaterDate("Rufen Sie mich Do nach 14 Uhr an", new Date("2026-11-30T10:00:00Z"))).toBeNull();
    expect(
      extractLaterDate("Bitte nach dem 14. nochmal melden", new Date("2026-11-30T10:00:00Z"))
        ?.toISOString()
        .slice(0, 10),
    ).toBe("2026-12-15");
  });
});

describe("a quarter named twice", () => {
  it("takes every mention: frozen during Q1, talk after Q1 is April", () => {
    const at = new Date("2026-11-24T10:00:00Z");
    const day = (t: string) => extractLaterDate(t, at)?.toISOString().slice(0, 10);
    expect(
      day(
        "Tenemos el presupuesto congelado durante el primer trimestre. Retomemos la conversación después del primer trimestre.",
      ),
    ).toBe("2027-04-01");
    expect(day("Our budget is frozen in Q1; try me again in Q1 anyway.")).toBe("2027-01-01");
  });
});
