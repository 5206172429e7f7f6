// Whom a reply points to (referral.ts), for the ninth round's formal replies: the writer's own
// contact card, the inbox our message went to and "thank you for contacting Acme" point to nobody.
import { describe, expect, it } from "vitest";
import { findReferral } from "./referral.ts";

describe("an address that points to nobody", () => {
  it.each([
    [
      "the writer's contact card",
      "Not planning to replace them.\n\nRaj\n\nRajesh Menon | Director, Cloud Platform\nOstrava Retail\nr.menon@ostrava.example",
    ],
    [
      "the card under a company's name ending in a point",
      "No, thank you.\n\nRuud van Leeuwen\nZeeland Verzekeringen N.V.\nruud@zeeland.example",
    ],
    [
      "the inbox written to",
      "Vielen Dank für Ihre Nachricht an info@hansebau.example. Aktuell besteht kein Interesse.",
    ],
    [
      "the inbox a message was addressed to",
      "Nous accusons réception de votre message adressé à contact@lebreton.example.",
    ],
    [
      "a company thanked for being contacted",
      "Gracias por contactar con Conservas del Cantábrico. No estamos interesados.",
    ],
  ])("%s", (_, text) => {
    expect(findReferral(text)).toBeNull();
  });

  it.each([
    [
      "an address in a sentence",
      "I've moved on, Sam handles this now - sam@acme.example",
      "sam@acme.example",
    ],
    [
      "an address after a pointer",
      "Please contact my colleague:\nAnna Koch\nanna.koch@firma.example",
      "anna.koch@firma.example",
    ],
  ])("still finds %s", (_, text, email) => {
    expect(findReferral(text)?.email).toBe(email);
  });
});

it("names nobody in 'een opvolger is er niet'", () => {
  expect(
    findReferral("Ik stop per 1 april met de zaak. Een opvolger is er niet, dus het heeft geen zin."),
  ).toBeNull();
});
