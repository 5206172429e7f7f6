import { describe, expect, it } from "vitest";
import { extractReturnDate } from "./return-date.ts";

// Wednesday 2026-02-25
const received = new Date("2026-02-25T15:30:00Z");
const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("extractReturnDate", () => {
  it.each([
    ["I'll be back on March 3.", "2026-03-03"],
    ["I am out of the office, returning 2026-12-01.", "2026-12-01"],
    ["Out of office until Monday.", "2026-03-02"],
    ["I'm away until Monday, March 2nd with limited access to email.", "2026-03-02"],
    ["Back on the 3rd of March", "2026-03-03"],
    ["On leave from 20 February until 14 April 2026.", "2026-04-14"],
    ["I'm on vacation through Friday.", "2026-02-28"],
    ["Out through March 6, back the following Monday", "2026-03-07"],
    ["Returning Jan 5", "2027-01-05"],
    ["I will return on Sept. 14, 2026.", "2026-09-14"],
    ["Back in the office tomorrow.", "2026-02-26"],
    ["I'm travelling and back next week.", "2026-03-02"],
    ["Back Wednesday", "2026-03-04"],
  ])("%s → %s", (text, expected) => {
    expect(extractReturnDate(text, received)).toEqual(d(expected));
  });

  it("returns null when no date is given", () => {
    expect(
      extractReturnDate("I am currently out of the office with limited access to email.", received),
    ).toBeNull();
  });

  it("rejects impossible dates", () => {
    expect(extractReturnDate("back on February 30", received)).toBeNull();
    expect(extractReturnDate("returning 2026-13-40", received)).toBeNull();
  });
});

describe("extractReturnDate in the other languages", () => {
  it.each([
    ["Ich bin bis zum 3. März 2026 nicht im Büro.", "2026-03-03"],
    ["Ich bin vom 23.02. bis einschließlich 06.03.2026 abwesend.", "2026-03-07"],
    ["Ab Montag bin ich wieder im Büro.", "2026-03-02"],
    ["Je suis absente jusqu'au 3 mars inclus.", "2026-03-04"],
    ["Je serai de retour le 16/03/2026.", "2026-03-16"],
    ["En congé maternité jusqu'au 1er juin 2026.", "2026-06-01"],
    ["Estoy fuera de la oficina hasta el 3 de marzo de 2026.", "2026-03-03"],
    ["Fuera de la oficina hasta el lunes.", "2026-03-02"],
    ["Ik ben afwezig tot en met 6 maart.", "2026-03-07"],
    ["Ik ben t/m 13-03-2026 niet aanwezig.", "2026-03-14"],
    ["Sono fuori ufficio fino al 3 marzo 2026.", "2026-03-03"],
    ["Sono in maternità fino al 1° giugno.", "2026-06-01"],
    ["Fuori ufficio fino a lunedì.", "2026-03-02"],
    ["Estou de licença até 1º de junho.", "2026-06-01"],
    ["Fora do escritório até segunda-feira.", "2026-03-02"],
    ["Abwesend: Ab morgen bin ich wieder für Sie da.", "2026-02-26"],
    ["I'm out of the office until 03/19/2026.", "2026-03-19"],
  ])("%s → %s", (text, expected) => {
    expect(extractReturnDate(text, received)).toEqual(d(expected));
  });

  it("does not read times or version numbers as dates", () => {
    expect(extractReturnDate("Erreichbar von 9.00 bis 17.30 Uhr.", received)).toBeNull();
    expect(extractReturnDate("Version 2.5 is out", received)).toBeNull();
  });
});
