// The person we wrote to says they left (issue 72 item 3): "I'm no longer with Acme" is the same
// notice as a colleague's "Anna has left the company", in the seven languages; words that only look
// like it ("no longer at liberty to…", "no longer interested") are not.
import { describe, expect, it } from "vitest";
import { saysLeftCompany } from "./left-company.ts";
import { classifyReply, normaliseReply } from "./rule-classifier.ts";

const AT = new Date("2026-11-29T10:00:00Z");

describe("a left-company notice in the writer's own words", () => {
  it.each([
    "I'm no longer with Acme, please contact Jane Doe at jane@acme.test instead.",
    "I am no longer at Acme. My successor is Jane Doe (jane@acme.test).",
    "Ich arbeite nicht mehr bei Acme, bitte wenden Sie sich an Jane Doe.",
    "Je ne fais plus partie de Acme.",
    "Ya no trabajo en Acme, escriba a jane@acme.test.",
    "Ik werk niet meer bij Acme.",
    "Non lavoro più presso Acme.",
    "Já não trabalho na Acme.",
    // was `other`: the person says when they left
    "I left Acme in March. Try reaching out to my old team.",
    "Je ne suis plus chez Acme depuis mars.",
    "Ik werk sinds maart niet meer bij Acme.",
    "Non lavoro più in Acme da marzo.",
    "Saí da Acme em março, fale com a minha sucessora Ana.",
  ])("%s", (text) => {
    expect(saysLeftCompany(normaliseReply(text))).toBe(true);
  });

  it("names the successor it gives", () => {
    const c = classifyReply(
      "I'm no longer with Acme, please contact Jane Doe at jane@acme.test instead.",
      AT,
    );
    expect(c).toMatchObject({ leftCompany: true, successor: { name: "Jane Doe", email: "jane@acme.test" } });
  });

  it("is not words that only look like it", () => {
    expect(saysLeftCompany(normaliseReply("I am no longer at liberty to discuss vendors."))).toBe(false);
    expect(saysLeftCompany(normaliseReply("I'm no longer with you on this, sorry."))).toBe(false);
    expect(saysLeftCompany(normaliseReply("I left you a voicemail last week."))).toBe(false);
    expect(saysLeftCompany(normaliseReply("I left a message in March."))).toBe(false);
    // a city left is no employer left: the dated form needs words about the work left behind
    expect(saysLeftCompany(normaliseReply("I left Paris in June, back in the office now."))).toBe(false);
    expect(saysLeftCompany(normaliseReply("Non faccio più in tempo questa settimana."))).toBe(false);
    // the company leaving a vendor: nobody left, and a notice would end the enrollment alone
    for (const t of [
      "We are no longer with HubSpot, we moved to Salesforce.",
      "Wir sind nicht mehr bei HubSpot, wir nutzen jetzt Salesforce.",
      "We zijn niet meer bij HubSpot.",
      "Wij werken niet meer met HubSpot.",
    ])
      expect(saysLeftCompany(normaliseReply(t)), t).toBe(false);
    expect(classifyReply("We are no longer with HubSpot, we moved to Salesforce.", AT)).toMatchObject({
      leftCompany: false,
    });
    // a colleague's notice about others stays one
    expect(saysLeftCompany(normaliseReply("They are no longer with the company."))).toBe(true);
    expect(saysLeftCompany(normaliseReply("Sie sind nicht mehr bei uns."))).toBe(true);
    const c = classifyReply("I'm no longer interested, thanks.", AT);
    // was `other` (50%): a no in words the rules did not know
    expect(c).toMatchObject({ intent: "not_interested", leftCompany: false });
  });
});

describe("left-company notices in words the rules did not know", () => {
  it.each([
    // a colleague, the person named and the month: "taken over" says it is the job that was left
    "Jenna left Brightlane at the end of October. Her responsibilities have been taken over by Omar Haddad (omar.haddad@brightlane.example).",
    "Herr Meier ist zum 31.10. aus unserem Unternehmen ausgeschieden. Seine Aufgaben hat Frau Sandra Vogt übernommen.",
    "Automatisch antwoord: Ik ben per 1 november niet meer werkzaam bij Van Dijk Installatietechniek.",
    "O Sr. Tiago Mendes já não faz parte dos quadros da empresa.",
  ])("%s", (text) => {
    expect(saysLeftCompany(normaliseReply(text)), text).toBe(true);
    expect(classifyReply(text, AT).leftCompany).toBe(true);
  });

  it("is not a company that left a vendor, nor a person who left a city", () => {
    for (const t of [
      "We left HubSpot last year and replaced it with Salesforce.",
      "Anna left Paris in June, she is in our Berlin office now.",
      "Ik ben per 1 december niet meer bereikbaar op dit nummer.",
    ])
      expect(saysLeftCompany(normaliseReply(t)), t).toBe(false);
  });
});

describe("left-company notices in the first person, in Portuguese", () => {
  it("'deixei a empresa' is a notice; 'deixei a empresa de lado' is not about leaving a job", () => {
    expect(saysLeftCompany(normaliseReply("Informo que deixei a empresa no final de outubro."))).toBe(true);
    expect(saysLeftCompany(normaliseReply("Saí da empresa em setembro."))).toBe(true);
  });
});

describe("a colleague's dated notice framed as one", () => {
  it("'just to let you know X left Y in the summer' is a notice; a city left is still not", () => {
    expect(
      saysLeftCompany(
        normaliseReply("Hi, just to let you know Jon Miller left Harper & Cole in the summer."),
      ),
    ).toBe(true);
    expect(saysLeftCompany(normaliseReply("Jon left Harper & Cole in the summer."))).toBe(false);
  });
});

describe("a left-company notice in the first person, in French", () => {
  it("'j'ai quitté la société' and 'cette adresse électronique n'est plus consultée'", () => {
    expect(
      saysLeftCompany(
        normaliseReply("Je vous informe que j'ai quitté la société Technocuir le 31 octobre 2026."),
      ),
    ).toBe(true);
    expect(saysLeftCompany(normaliseReply("Cette adresse électronique n'est plus consultée."))).toBe(true);
  });
});

describe("left-company notices of the seventh and eighth rounds", () => {
  it.each([
    "Hi - Mark left the company back in October. The person covering his stuff now is Dana.",
    "Le informamos que el Ing. Jorge Salas ya no labora en Grupo Industrial Norte.",
    "A Sra. Teresa Nunes já não se encontra a colaborar com a empresa.",
    "Hallo, Ruud werkt hier sinds 1 november niet meer.",
  ])("%s", (text) => {
    expect(saysLeftCompany(normaliseReply(text))).toBe(true);
  });

  it("is no notice when a company leaves a vendor, or someone leaves a place", () => {
    expect(saysLeftCompany(normaliseReply("We left the company we used before because of the price."))).toBe(
      false,
    );
    expect(
      saysLeftCompany(normaliseReply("Anna left the office early today, she will call you tomorrow.")),
    ).toBe(false);
  });
});

describe("the business sold or the owner retired (eleventh round)", () => {
  it.each([
    "This is Mark's wife. Mark retired at the end of October and we've sold the bakery.",
    "Jan heeft het bedrijf verkocht en is per 1 november gestopt. Dit adres wordt binnenkort opgeheven.",
    "Il sig. Marini è andato in pensione e ha ceduto l'attività. Questa casella non è più controllata.",
    "J'ai vendu la pharmacie en octobre.",
    "Vendi o negócio em outubro.",
  ])("%s", (text) => {
    expect(saysLeftCompany(normaliseReply(text))).toBe(true);
  });

  it("is no notice in 'retired people' or 'we sold more this year'", () => {
    expect(saysLeftCompany(normaliseReply("Our clients are mostly farmers and retired people."))).toBe(false);
    expect(saysLeftCompany(normaliseReply("We sold more this year than ever."))).toBe(false);
  });
});
