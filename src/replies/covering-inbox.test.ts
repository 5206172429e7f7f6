// A colleague covering the inbox (issue 72 item 3): what they write beyond the absence is a person's
// reply. A no is read and acted on as the person's no; anything else (a soft no, "I'll pass it on")
// is never an absence Baton pauses and resumes on alone: a person reads it, in the reply path and
// inside an RFC 3834 automatic reply.
import { describe, expect, it } from "vitest";
import { personSpeaks, readAutoReply } from "../inbox/decide-inbound.ts";
import { decidesAlone } from "./automation.ts";
import { readingInWords } from "./reading-words.ts";
import { classifyReply } from "./rule-classifier.ts";

const AT = new Date("2026-11-29T10:00:00Z");
// the demo's waiting reply as it was (src/demo/demo-waiting-replies.ts), which read as a sure absence
const SOFT_NO =
  "Hi, I'm covering Alex's inbox while they are on parental leave until January. I don't think this is a priority for us right now, but I will pass it on.";
// a colleague who only passes it on: neither a no nor a name
const PASS_ON =
  "Hi, I'm covering Alex's inbox while they are on parental leave until January. I will pass it on.";
const NO =
  "Hello, I'm covering Sarah's inbox while she is on leave until 20 March. We're not interested, thanks.";
const ABSENCE = "I am out of the office until Monday 7 December with no access to email.";

describe("a reply written by someone covering the inbox", () => {
  it("is never a sure absence: the reading says who wrote it, and a person reads it", () => {
    const c = classifyReply(PASS_ON, AT);
    expect(c).toMatchObject({ intent: "out_of_office", coveringInbox: true });
    expect(c.by).toBe("rules:covering_inbox (ooo.autoreply)");
    expect(decidesAlone(c)).toBe(false);
    expect(readingInWords({ intent: c.intent, confidence: c.confidence, by: c.by })).toBe(
      "Read as an absence (out of office), written by someone covering the inbox (60% sure). What a colleague writes is a person's reply, so a person reads it.",
    );
  });

  it("reads the colleague's soft no (the demo's waiting reply) as a no, never a sure one", () => {
    // was an absence written by a colleague (60%): the words "I don't think this is a priority for
    // us right now" are the colleague's no, and "but I will pass it on" keeps it a person's call
    for (const text of [
      SOFT_NO,
      "Hi, I'm covering this inbox while my colleague is on parental leave until January. I don't think this is a priority for us right now, but I will pass it on.",
    ]) {
      const c = classifyReply(text, AT);
      expect(c).toMatchObject({ intent: "not_interested", coveringInbox: true, by: "rules:reject.explicit" });
      expect(c.confidence).toBeLessThan(0.9);
      expect(decidesAlone(c)).toBe(false);
    }
    // the same words without a colleague: a no said as an opinion, which a person confirms
    const alone = classifyReply("I don't think this is a fit for us.", AT);
    expect(alone).toMatchObject({ intent: "not_interested", confidence: 0.8 });
    expect(decidesAlone(alone)).toBe(false);
  });

  it("keeps a colleague's plain no a sure no", () => {
    const c = classifyReply(NO, AT);
    expect(c).toMatchObject({ intent: "not_interested", coveringInbox: true, by: "rules:reject.explicit" });
    expect(decidesAlone(c)).toBe(true);
  });

  it("reads the stand-in a colleague offers for urgent matters as part of the absence, with its date", () => {
    const c = classifyReply(
      "I am covering Dana's inbox while she is away until 12 January. Please contact me at lee@acme.test if urgent.",
      AT,
    );
    // was a referral to the colleague (90%), the date lost; triage highlighted Referral, not Later
    expect(c).toMatchObject({ intent: "out_of_office", coveringInbox: true, referral: null });
    expect(c.returnDate?.toISOString()).toBe("2027-01-12T00:00:00.000Z");
    expect(decidesAlone(c)).toBe(false);
    // without the stand-in, the absence told in the third person is still read, with its date (was other)
    const plain = classifyReply("I am covering Dana's inbox while she is away until 12 January.", AT);
    expect(plain).toMatchObject({ intent: "out_of_office", coveringInbox: true });
    expect(plain.returnDate?.toISOString()).toBe("2027-01-12T00:00:00.000Z");
  });

  it("keeps a colleague's no and a stop what they are beside a contact for urgent matters", () => {
    const no = classifyReply(
      "I'm covering Sarah's inbox while she is on leave until 20 March. We're not interested. For urgent matters contact lee@acme.test.",
      AT,
    );
    // was a referral to the colleague: the no is the reply (the contact beside it keeps it below sure)
    expect(no).toMatchObject({ intent: "not_interested", coveringInbox: true, referral: null });
    const stop = classifyReply(
      "I am covering Dana's inbox while she is away until 12 January. If urgent contact me at lee@acme.test. Also please remove us from your mailing list.",
      AT,
    );
    expect(stop).toMatchObject({ intent: "unsubscribe", stopSignal: true });
  });

  it("keeps a colleague's referral for the matter itself a referral", () => {
    const c = classifyReply(
      "Hello, I'm covering Sarah's inbox while she is on leave until 20 March. For this topic please talk to our CFO Lee Park, lee@acme.test.",
      AT,
    );
    expect(c).toMatchObject({ intent: "referral", coveringInbox: true });
    expect(c.referral).toEqual({ name: "Lee Park", email: "lee@acme.test" });
  });

  it("leaves the person's own out-of-office as it was", () => {
    const c = classifyReply(ABSENCE, AT);
    expect(c.intent).toBe("out_of_office");
    expect(c.coveringInbox).toBeUndefined();
    expect(decidesAlone(c)).toBe(true);
  });

  it("inside an automatic reply, makes the mail a person's reply", async () => {
    const soft = await readAutoReply(undefined, SOFT_NO, AT);
    expect(soft.person).toBe(true);
    expect(personSpeaks(soft.classification)).toBe(true);
    const own = await readAutoReply(undefined, ABSENCE, AT);
    expect(own.person).toBe(false);
  });
});

describe("a colleague's own no, in the words each language says it", () => {
  it.each([
    "Automatic reply: I am away until Monday 7 December.\n\n---\nHi, Dana here - I'm keeping an eye on Tom's inbox while he's off. We're not interested, thanks.",
    "Hallo, ich betreue das Postfach von Frau Schulz während ihrer Elternzeit. Wir haben an dem Thema kein Interesse.",
    "Bonjour, je gère la boîte mail de Mme Lefèvre pendant son absence. Nous ne sommes pas intéressés.",
    "Hola Sam, te escribo en nombre de Lucía, que está fuera esta semana. No nos interesa, gracias.",
    "Buongiorno, rispondo io per conto del dott. Rinaldi, che è in trasferta. Non sono interessati alla sua proposta.",
    "Resposta automática: Estou fora do escritório até 01/12.\n\nObs. da Fernanda (estou cuidando da caixa do Marcos): não temos interesse, obrigada.",
    "Bom dia, respondo em nome da Dra. Patrícia Lopes, que se encontra em viagem. Não estamos interessados.",
  ])("%s", (text) => {
    // each was a sure out-of-office (or nothing): the sequence paused and resumed on a colleague's no
    const c = classifyReply(text, AT);
    expect(c).toMatchObject({ coveringInbox: true });
    expect(c.intent).not.toBe("out_of_office");
  });
});

describe("a colleague's 'je gère sa boîte' names nobody", () => {
  it("reads the colleague's no, not a referral to 'Je'", () => {
    // the pronoun before "gère" was taken for a name: a referral to "Je", 90%
    const c = classifyReply(
      "Bonjour,\n\nJe gère la boîte mail de Mme Lefèvre pendant son absence. Ce sujet ne nous concerne pas.",
      AT,
    );
    expect(c.intent).toBe("not_interested");
    expect(c.referral ?? null).toBeNull();
  });
});
