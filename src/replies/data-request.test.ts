// A data-protection request in a reply (issue 72 item 3): "who gave you my address? delete it" is the
// same erasure request as "where did you get my address? delete it", in the seven languages; the
// question alone stays a stop sign for a person, as the tuned sets label it.
import { describe, expect, it } from "vitest";
import { findDataRequest } from "./data-request.ts";
import { classifyReply, normaliseReply } from "./rule-classifier.ts";

const AT = new Date("2026-11-30T10:00:00Z");
const request = (text: string) => findDataRequest(normaliseReply(text));

describe("who gave you my address, and delete it", () => {
  it.each([
    "Who gave you my email address? Please delete it.",
    "Wer hat Ihnen meine Adresse gegeben? Löschen Sie sie.",
    "Qui vous a donné mon adresse ? Supprimez-la.",
    "¿Quién le dio mi correo? Bórrelo.",
    "Wie heeft u mijn gegevens gegeven? Verwijder ze.",
    "Chi vi ha dato il mio indirizzo? Cancellatelo.",
    "Quem lhe deu o meu email? Apague-o.",
  ])("%s", (text) => {
    // was no request at all (read as `other` with a stop sign): nothing opened, no deadline
    expect(request(text)).toBe("erasure");
    expect(classifyReply(text, AT)).toMatchObject({ dataRequest: "erasure", stopSignal: true });
  });

  it("the question alone is a stop sign for a person, not a request", () => {
    expect(request("Who gave you my email address?")).toBeNull();
    expect(classifyReply("Who gave you my email address?", AT)).toMatchObject({
      intent: "other",
      stopSignal: true,
      dataRequest: null,
    });
  });

  it("a deletion of something else beside it is no erasure", () => {
    expect(request("Who gave you this lead? Delete the duplicate in your CRM before you call.")).toBeNull();
  });
});
