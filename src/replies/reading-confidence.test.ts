import { describe, expect, it } from "vitest";
import { decidesAlone } from "./automation.ts";
import { classifyReply } from "./rule-classifier.ts";

const at = new Date("2026-02-25T15:30:00Z");
const read = (text: string) => classifyReply(text, at);

describe("a reading's confidence and stop signal (issue 56 items 3.3, 3.4)", () => {
  it("a single clear reading is sure and decides alone", () => {
    for (const text of [
      "Not interested, thanks.",
      "Please unsubscribe me.",
      "Yes please, send me the deck.",
    ]) {
      expect(decidesAlone(read(text)), text).toBe(true);
    }
  });

  it.each([
    ["Sounds interesting, but not now - try me in March.", "later"],
    ["Grazie, ma non fa per noi.", "not_interested"],
    ["Interesting, but I'm not the right person - talk to Ana Ruiz.", "referral"],
    ["Oh great, another sales pitch. Just what I needed.", "not_interested"],
  ])("a polite no, a referral, a delay or sarcasm never reads as a sure yes: %s", (text, intent) => {
    const c = read(text);
    expect(c.intent).toBe(intent);
    if (c.intent === "interested" || c.intent === "meeting") expect(decidesAlone(c)).toBe(false);
  });

  it("a delay keeps its date and decides alone only with one", () => {
    const dated = read("Not now, try me in March.");
    expect(dated).toMatchObject({ intent: "later", by: "rules:later.delay" });
    expect(dated.returnDate?.toISOString().slice(0, 10)).toBe("2026-03-01");
    expect(decidesAlone(dated)).toBe(true);
    const undated = read("Maybe later in the year.");
    expect(undated.intent).toBe("later");
    expect(decidesAlone(undated)).toBe(false);
  });

  it("a referral names the person and the address, and waits for a person", () => {
    const c = read("I've left Acme; please contact my colleague Dana Ortiz at dana.ortiz@acme.example.");
    expect(c.intent).toBe("referral");
    expect(c.referral).toEqual({ name: "Dana Ortiz", email: "dana.ortiz@acme.example" });
    expect(decidesAlone(c)).toBe(false);
  });

  it.each([
    ["I'd prefer not to get these, thanks."],
    ["stop, this is the third time"],
    ["Under GDPR, delete my data."],
    ["Datenschutz: ich widerspreche der Werbung, löschen Sie meine Daten."],
    ["Conformément au RGPD, supprimez mes données."],
    ["Op grond van de AVG: verwijder mijn gegevens."],
    ["Preferirei non ricevere più queste email."],
    ["Nos termos da LGPD, solicito a exclusão dos meus dados."],
    // each was `other` with no stop sign: held only in the campaign answered
    ["Ik wil deze mails niet meer ontvangen."],
    ["Kindly refrain from contacting me further."],
  ])("a stop request in any form is a sure unsubscribe: %s", (text) => {
    const c = read(text);
    expect(c).toMatchObject({ intent: "unsubscribe", stopSignal: true });
    expect(decidesAlone(c)).toBe(true);
  });

  it("a stop sign in a reply read as something else sends it to a person", () => {
    const c = read("Is this spam? Who gave you my email address?");
    expect(c.stopSignal).toBe(true);
    expect(decidesAlone(c)).toBe(false);
  });

  it.each([
    ["I almost hit unsubscribe, but this one is useful. Send the deck?"],
    ["Ich wollte mich schon abmelden, aber das interessiert mich. Schicken Sie mir die Unterlagen."],
    ["J'ai failli me désinscrire, mais ça m'intéresse."],
  ])("a stop mentioned but not asked for is no stop: %s", (text) => {
    const c = read(text);
    expect(c.intent).not.toBe("unsubscribe");
    expect(c.stopSignal).toBe(false);
  });

  it("one-word and hedged yeses wait for a person", () => {
    expect(decidesAlone(read("Sure."))).toBe(false);
    expect(decidesAlone(read("Maybe, sounds interesting."))).toBe(false);
  });

  it.each([
    ["Plus de détails svp, envoyez-moi la brochure."],
    ["Don't worry, details below. Send the deck."],
    ["Yes please, send me the deck. Never mind the slides."],
    ["Gerne, schicken Sie mir die Unterlagen. Nicht mehr als zwei Seiten bitte."],
    ["Ja graag, bel me dinsdag om 10 uur."],
  ])("a yes that only sounds like a stop carries no stop signal: %s", (text) => {
    const c = read(text);
    expect(c.stopSignal).toBe(false);
    expect(decidesAlone(c)).toBe(true);
  });

  it.each([
    ["Not interested and please don't reach out again."],
    ["Kein Interesse, und schreiben Sie mir nicht wieder."],
    ["Pas intéressé, ne m'écrivez plus jamais à ce sujet svp."],
    ["No me interesa, y no vuelvan a escribirme."],
    ["Geen interesse, en mail me niet opnieuw."],
    ["Non mi interessa, e non scrivetemi ancora."],
    ["Não tenho interesse e não me escrevam de novo."],
  ])("a no that asks not to be written to again is a stop: %s", (text) => {
    expect(read(text)).toMatchObject({ intent: "unsubscribe", stopSignal: true });
  });

  it("a no that speaks of contacting in words the rules do not know is not a sure no", () => {
    const c = read("Not interested; contacting me this way is pointless.");
    expect(c.intent).toBe("not_interested");
    expect(decidesAlone(c)).toBe(false);
    expect(decidesAlone(read("Not interested, thanks for reaching out."))).toBe(true);
  });
});

describe("a hedged delay", () => {
  it("is no sure day to come back: 'maybe sometime next year' goes to a person, 'try me in March' does not", () => {
    const at = new Date("2026-11-24T10:00:00Z");
    const hedged = classifyReply("bad timing tbh. maybe sometime next year", at);
    expect(hedged.intent).toBe("later");
    expect(decidesAlone(hedged)).toBe(false);
    const plain = classifyReply("Not now, try me again in March.", at);
    expect(plain.intent).toBe("later");
    expect(decidesAlone(plain)).toBe(true);
  });
});
