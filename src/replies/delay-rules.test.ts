// A delay told as someone else's absence (issue 72): "my boss is away until March, I will discuss it
// with her then" is the writer's delay until that day, not an absence of the writer's and not
// `other`; the writer's own absence stays an out-of-office, and a colleague covering the inbox
// stays someone covering it.
import { describe, expect, it } from "vitest";
import { decidesAlone } from "./automation.ts";
import { classifyReply, normaliseReply } from "./rule-classifier.ts";

const AT = new Date("2026-11-29T10:00:00Z");

describe("the writer waits for someone away before answering", () => {
  it.each([
    ["My boss is away until March, I will discuss it with her then.", "2027-03-01"],
    ["My manager is on holiday until 3 August; I will show this to him when he is back.", "2027-08-03"],
    ["Mein Chef ist bis Ende Januar im Urlaub, ich bespreche das dann mit ihm.", "2027-02-01"],
    ["Ma directrice est absente jusqu'au 15 janvier, j'en parlerai avec elle à son retour.", "2027-01-15"],
    ["Mi jefe está de vacaciones hasta el 10 de enero, lo hablaré con él a su regreso.", "2027-01-10"],
    ["Mijn manager is tot 12 januari op vakantie, ik bespreek het met hem als hij terug is.", "2027-01-12"],
    ["Il mio responsabile è in ferie fino al 7 gennaio, ne parlerò con lui al suo rientro.", "2027-01-07"],
    ["O meu chefe está de férias até 15 de janeiro, vou falar com ele quando ele voltar.", "2027-01-15"],
  ])("%s → later, %s", (text, day) => {
    const c = classifyReply(text, AT);
    expect(c).toMatchObject({ intent: "later", by: "rules:later.delay" });
    expect(c.returnDate?.toISOString().slice(0, 10)).toBe(day);
  });

  it("keeps the writer's own absence an out-of-office", () => {
    const c = classifyReply(
      "I am out of the office until 5 January, I will get back to you when I am back.",
      AT,
    );
    expect(c).toMatchObject({ intent: "out_of_office" });
    expect(c.returnDate?.toISOString().slice(0, 10)).toBe("2027-01-05");
  });

  it("keeps the writer away themself an out-of-office, whoever they will discuss it with", () => {
    for (const text of [
      "I'm away until March, I will discuss it with them then.",
      "Ich bin bis Ende Januar im Urlaub und bespreche das dann mit ihm.",
    ]) {
      expect(classifyReply(text, AT).intent, text).toBe("out_of_office");
    }
  });

  it("needs a day to wait for: without one, a person reads it", () => {
    const c = classifyReply("My boss is away, I will discuss it with her when she is back.", AT);
    expect(c.intent).toBe("other");
    expect(decidesAlone(c)).toBe(false);
  });

  it("reads 'covering for my colleague Dana while…' as someone covering the inbox, never a sure absence", () => {
    const c = classifyReply(
      "I'm covering for my colleague Dana while she is on leave until 12 January. Please contact me if urgent.",
      AT,
    );
    // was a sure absence (95%), acted on alone
    expect(c).toMatchObject({ intent: "out_of_office", coveringInbox: true });
    expect(c.returnDate?.toISOString().slice(0, 10)).toBe("2027-01-12");
    expect(decidesAlone(c)).toBe(false);
  });
});

describe("a yes only after a time is a delay until then", () => {
  it.each([
    "Ja, gerne – aber bitte erst nach dem Sommer melden.",
    "Graag, maar pas na de zomer.",
    "Sí, pero solo después del verano.",
    "Sim, mas só depois do verão.",
    "Yes, but only after the summer.",
  ])("%s", (text) => {
    // the German one read as a 92% yes; "only after" is a "not before"
    const c = classifyReply(text, AT);
    expect(c.intent).toBe("later");
    expect(c.returnDate?.toISOString().slice(0, 10)).toBe("2027-09-01");
  });
});

describe("delays in words the rules did not know (replies written for the check, 2026-11-30)", () => {
  it.each([
    ["Nach Q1 gerne wieder, vorher ist das Budget komplett zu.", "2027-04-01"],
    [
      "Das Thema hat bei uns null Priorität. Frühestens im März wieder, und auch dann ohne Garantie.",
      "2027-03-01",
    ],
    ["Na Q1 komen we hier graag op terug, nu zitten we midden in de jaarafsluiting.", "2027-04-01"],
    ["Neem over een paar maanden nog eens contact op, dan weten we meer over de begroting.", null],
    ["Me procura em março, que aí a gente tem orçamento novo.", "2027-03-01"],
    ["Me chama no começo de fevereiro.", "2027-02-01"],
    ["Estamos a mudar de ERP e não temos cabeça para isto. Talvez mais para a frente.", null],
    ["Esse ano não rola mais. Ano que vem a gente conversa.", "2027-01-01"],
  ] as const)("%s", (text, date) => {
    // each was `other`: a person read it, and the time to try again was lost
    const c = classifyReply(text, AT);
    expect(c.intent).toBe("later");
    expect(c.returnDate?.toISOString().slice(0, 10) ?? null).toBe(date);
  });
});

describe("delays and absences in words the rules did not know (second round)", () => {
  it.each([
    ["Estamos a rever fornecedores apenas depois do primeiro trimestre. Contacte-nos nessa altura.", "later"],
    ["Bitte melden Sie sich im Jänner nochmal, vorher ist bei uns Jahresabschluss.", "later"],
    ["Pas une priorité pour l'instant. Reviens-moi dans quelques mois.", "later"],
    ["Hola, estoy de licencia y me reincorporo el martes 5 de enero de 2027.", "out_of_office"],
    [
      "En este momento no me encuentro disponible. Responderé su correo a la brevedad posible.",
      "out_of_office",
    ],
  ] as const)("%s", (text, intent) => {
    expect(classifyReply(text, AT).intent).toBe(intent);
  });
});

describe("'call me Thursday morning' in each language is a meeting", () => {
  it.each([
    "Rufen Sie mich Do nach 14 Uhr an",
    "llámame el jueves por la mañana",
    "Appelez-moi jeudi matin",
    "mi chiami domani dopo le 15",
    "me liga sexta de manhã",
  ])("%s", (text) => {
    // each was `other` or a delay: a person read a time offered
    expect(classifyReply(text, AT).intent).toBe("meeting");
  });
});

describe("delays, absences and yeses in words of the seventh and eighth rounds", () => {
  it.each([
    ["ahora no, escribime en marzo", "later"],
    ["Adesso no, risentiamoci a febbraio.", "later"],
    ["Na 1 februari hebben we het nieuwe budget, mail me dan maar.", "later"],
    ["Rappelle-moi après les Fêtes, disons après le 12 janvier.", "later"],
    ["Bedankt voor je bericht. Ik ben vanaf 3 december weer aanwezig.", "out_of_office"],
    [
      "¡Gracias por tu mensaje! En este momento no estoy en la oficina. Te respondo apenas pueda.",
      "out_of_office",
    ],
    ["show, manda mais info aí 👍", "interested"],
  ] as const)("%s", (text, intent) => {
    expect(classifyReply(text, AT).intent).toBe(intent);
  });

  it("drops emoji from the words, but the two the sarcasm rule reads", () => {
    expect(normaliseReply("No 🙏 grazie")).toBe("no grazie");
    expect(normaliseReply("nop 🙅‍♀️")).toBe("nop");
    expect(normaliseReply("great, another demo 🙄")).toBe("great, another demo 🙄");
  });
});

it("reads no delay in a maybe before a number", () => {
  const text =
    "We process maybe 40 invoices a month. I key them in myself on Friday afternoons. Can't justify software for that.";
  expect(classifyReply(text, AT).intent).toBe("not_interested");
});

it("reads no delay in our follow-ups thanked for, beside a past quarter", () => {
  const text =
    "Thank you for your follow-up emails of 10 and 17 November. We renewed our framework agreement in Q3 and there is no open requirement. We will therefore not be taking this further.";
  expect(classifyReply(text, AT).intent).toBe("not_interested");
  expect(classifyReply("Not now. Please follow up in March.", AT).intent).toBe("later");
});

describe("absences and yeses of the eleventh round", () => {
  it.each([
    [
      "El despacho permanece cerrado por traslado de oficinas. Reabrimos el lunes 30 de noviembre.",
      "out_of_office",
    ],
    [
      "Lo studio è chiuso per trasloco fino a venerdì 27 novembre. Riapriamo lunedì 30 novembre.",
      "out_of_office",
    ],
    [
      "I'm at the machinery show this week and then taking a few days off. Emails will be slow.",
      "out_of_office",
    ],
    ["Mándeme información, por favor. Somos un taller con 10 empleados.", "interested"],
    ["Envie-me mais informação, por favor.", "interested"],
  ] as const)("%s", (text, intent) => {
    expect(classifyReply(text, AT).intent).toBe(intent);
  });
});

it("reads no ask to come back in words named in quotes", () => {
  const text =
    "From October to April the phone barely rings, and there's nobody to 'reach out' to anyway, because every organiser books in March. It's just not a product for a business like ours.";
  expect(classifyReply(text, AT).intent).toBe("not_interested");
});
