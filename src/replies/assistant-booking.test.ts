// An assistant's booking address is a meeting, not a referral (issue 72 item 3). The assistant and the
// diary are read in one sentence: the assistant's own address inside it ("mijn secretaresse Ingrid
// (secretariaat@x.example) voor een afspraak") ended the sentence at its dot, and "my EA" was no
// assistant; each was a referral a person had to open.
import { describe, expect, it } from "vitest";
import { booksThroughAssistant } from "./assistant-booking.ts";
import { classifyReply, normaliseReply } from "./rule-classifier.ts";

const AT = new Date("2026-11-30T10:00:00Z");

describe("a meeting booked through an assistant", () => {
  it.each([
    "Yes, let's talk. Please coordinate with my EA, Laura Benson (laura.benson@northwind.example) - she manages my diary.",
    "Is goed. Neem even contact op met mijn secretaresse Ingrid (secretariaat@hollandbouw.example) voor een afspraak.",
    "Hola Sam, con mucho gusto. Escríbele a mi asistente, Rocío (rocio.vidal@grupoalba.es), y ella te busca un hueco en mi agenda.",
    "Volontiers. Voyez avec mon assistante, Mme Perret (agenda.direction@valmont.example), qui gère mon agenda.",
  ])("%s", (text) => {
    expect(booksThroughAssistant(normaliseReply(text))).toBe(true);
    expect(classifyReply(text, AT).intent).toBe("meeting");
  });

  it("is not an assistant in another sentence, nor an 'ea' that is no assistant", () => {
    expect(booksThroughAssistant(normaliseReply("My assistant left. Book a call with Tom."))).toBe(false);
    expect(booksThroughAssistant(normaliseReply("Ea, vale, llámame el lunes."))).toBe(false);
  });
});

describe("a link to book offered, in the seven languages", () => {
  it.each([
    "grab whatever slot suits: https://cal.example/jmorris-20min",
    "Buchen Sie sich direkt einen Termin in meinem Kalender: https://termine.example/m-krause",
    "Voici mon lien pour réserver un créneau : https://rdv.example/claire-dumont",
    "Agendá directamente acá: https://agenda.example/mrodriguez",
    "Plan gerust iets in via https://plan.example/koen-peeters",
    "Prenota pure qui: https://agenda.example/f-esposito",
    "Marque diretamente na minha agenda: https://agenda.example/ines-carvalho",
  ])("%s", (text) => {
    expect(classifyReply(text, AT).intent).toBe("meeting");
  });

  it("is no booking where the link is something else", () => {
    expect(
      classifyReply("Our case studies are at https://acme.example/cases, not interested though.", AT).intent,
    ).not.toBe("meeting");
  });
});
