// Readings fixed from rounds 15 and 16 of the replies written for the check (2026-11-30, third
// session; test/fixtures/replies/checked/README.md): five of them were harmful before (a data
// request missed, a "wrong person" read as a sure yes, a retirement read as a sure meeting, a
// colleague's no read as an absence), the rest wrong readings acted on alone.
import { describe, expect, it } from "vitest";
import { decidesAlone } from "./automation.ts";
import { coveringInbox } from "./covering-inbox.ts";
import { findDataRequest } from "./data-request.ts";
import { extractLaterDate } from "./later-date.ts";
import { saysLeftCompany } from "./left-company.ts";
import { classifyReply, normaliseReply } from "./rule-classifier.ts";

const AT = new Date("2026-11-24T10:00:00Z");
const day = (t: string) => extractLaterDate(t, AT)?.toISOString().slice(0, 10) ?? null;

describe("data-protection requests that name the data by who holds it", () => {
  it.each([
    [
      "I never agreed to this. Please delete all personal data you hold about me and confirm it in writing.",
      "erasure",
    ],
    [
      "Nos termos da LGPD, solicito a exclusão de todos os meus dados pessoais e a confirmação por escrito.",
      "erasure",
    ],
    ["Com base na LGPD, solicito que me informem quais dados pessoais meus vocês possuem.", "access"],
  ] as const)("%s", (text, kind) => {
    expect(findDataRequest(normaliseReply(text))).toBe(kind);
    expect(classifyReply(text, AT)).toMatchObject({ intent: "unsubscribe", dataRequest: kind });
  });
});

describe("no yes and no meeting where there is none", () => {
  it("reads 'I'm in facilities, not finance' as no yes", () => {
    const c = classifyReply("I think you've got the wrong person, I'm in facilities not finance.", AT);
    expect(c.intent === "interested" && decidesAlone(c)).toBe(false);
  });

  it("still reads a bare 'I'm in.' as a yes", () => {
    expect(classifyReply("Sounds fun. I'm in.", AT).intent).toBe("interested");
  });

  it("reads 'I retire on Friday, so I can't help you much' as no meeting", () => {
    const c = classifyReply("Me jubilo el viernes, así que poco le puedo ayudar. Suerte.", AT);
    expect(c.intent).not.toBe("meeting");
    // a slot offered still is one
    expect(classifyReply("¿Puedo llamarle el viernes a las 10?", AT).intent).toBe("meeting");
  });
});

describe("a colleague in the inbox, and the person who left", () => {
  it("reads a colleague looking after the inbox 'while she's away' as a person's reply", () => {
    const text =
      "Hi, Sandra is on leave until 7 Dec but I look after supplier stuff for her team while she's away. We're not looking for a new tool. Thanks anyway.\n\nMike";
    expect(coveringInbox(normaliseReply(text))).toBe(true);
    const c = classifyReply(text, AT);
    expect(c.intent === "out_of_office" && decidesAlone(c)).toBe(false);
  });

  it("reads 'estou a responder pelo Miguel, que está de férias' as a colleague", () => {
    expect(
      coveringInbox(
        normaliseReply("Olá, estou a responder pelo Miguel, que está de férias. Isto não é connosco."),
      ),
    ).toBe(true);
  });

  it.each([
    "Hi, Paul left us in October. Procurement is now handled by Louise (louise@ashby.example).",
    "Herr Keller ist seit dem 1. Oktober nicht mehr in unserem Unternehmen tätig.",
    "Informamos que o Sr. João Martins já não se encontra a trabalhar nesta empresa.",
  ])("reads a left-company notice: %s", (text) => {
    expect(saysLeftCompany(normaliseReply(text))).toBe(true);
  });

  it("reads no notice in 'they left us a voicemail'", () => {
    expect(saysLeftCompany(normaliseReply("They left us a voicemail on Monday."))).toBe(false);
  });
});

describe("delays", () => {
  it("counts the French fortnight and week: 'dans 15 jours' is 14 days, 'dans huit jours' 7", () => {
    expect(day("Relancez-moi dans 15 jours svp, là c'est l'inventaire.")).toBe("2026-12-08");
    expect(day("Relancez-moi dans 8 jours.")).toBe("2026-12-01");
  });

  it("takes the day named after a date of the same month: 'committee on 05.01.2027, from the 6th'", () => {
    expect(
      day(
        "Aucune décision avant notre comité budgétaire du 05.01.2027. Recontactez-moi à partir du 6, pas avant svp.",
      ),
    ).toBe("2027-01-06");
  });

  it.each([
    "Na de kerstvakantie wil ik er best naar kijken. Nu even niet.",
    "Op dit moment niet, maar hou me op de hoogte.",
    "Nicht jetzt. Ab dem 15. Januar gern wieder.",
  ])("reads a delay: %s", (text) => {
    expect(classifyReply(text, AT).intent).toBe("later");
  });
});

describe("stops and no's in words the rules did not know", () => {
  it("reads a stop: 'Já pedi pra não me mandarem mais e-mail. Parem, por favor.'", () => {
    expect(classifyReply("Já pedi pra não me mandarem mais e-mail. Parem, por favor.", AT).intent).toBe(
      "unsubscribe",
    );
  });

  it("leaves 'please don't follow up' a stop sign for a person: labelled a no once and a stop once", () => {
    const c = classifyReply("Not interested. Please don't follow up.", AT);
    expect(c.stopSignal).toBe(true);
    expect(decidesAlone(c)).toBe(false);
  });

  it.each([
    "De momento estamos bien así, gracias.",
    "Por enquanto estamos bem servidos, obrigado.",
    "We doen dit al jaren zelf en dat bevalt prima.",
  ])("reads a no: %s", (text) => {
    expect(classifyReply(text, AT).intent).toBe("not_interested");
  });
});
