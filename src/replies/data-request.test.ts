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

describe("a request under its article, in the words of each law", () => {
  it.each([
    [
      "Op grond van artikel 15 AVG verzoek ik u om inzage in alle persoonsgegevens die u van mij verwerkt.",
      "access",
    ],
    [
      "Ik verzoek u op grond van artikel 17 AVG al mijn persoonsgegevens te wissen en mij dit te bevestigen.",
      "erasure",
    ],
    [
      "Venho por este meio exercer o meu direito de eliminação dos dados, nos termos do artigo 17.º do RGPD.",
      "erasure",
    ],
    ["Ai sensi dell'articolo 15 del GDPR chiedo quali dati avete su di me.", "access"],
    ["Conforme al artículo 17 del RGPD, solicito la supresión de mis datos.", "erasure"],
  ] as const)("%s", (text, kind) => {
    // "artikel 15 / artigo 17" were not read as the article (only "article", "art."): the Dutch
    // access request was `other` with no stop at all, and the others opened no request
    expect(request(text)).toBe(kind);
    expect(classifyReply(text, AT)).toMatchObject({ intent: "unsubscribe", dataRequest: kind });
  });

  it("'hoe komt u aan mijn e-mailadres' alone stays a question for a person, beside 'wis ze' an erasure", () => {
    expect(request("Hoe komt u aan mijn e-mailadres?")).toBeNull();
    expect(request("Hoe komen jullie aan mijn gegevens? Verwijder ze.")).toBe("erasure");
  });
});

describe("data requests of the seventh and eighth rounds", () => {
  it("reads 'delete whatever you've got on me' beside the source question as an erasure", () => {
    expect(
      findDataRequest(
        normaliseReply(
          "where did you get this email address?? delete whatever you've got on me and confirm.",
        ),
      ),
    ).toBe("erasure");
  });

  it.each([
    "Com base na LGPD, quero saber quais dados pessoais vocês têm sobre mim.",
    "I'd like to know what personal data you keep about me.",
    "Ich möchte wissen, welche Daten Sie über mich gespeichert haben.",
    "Quisiera saber qué datos tienen de mí.",
  ])("reads an access request: %s", (text) => {
    expect(findDataRequest(normaliseReply(text))).toBe("access");
  });
});

it("reads a DPO's request for a colleague's data as an access request", () => {
  expect(
    findDataRequest(
      normaliseReply(
        "Solicitamos a confirmação da existência de tratamento e acesso aos dados pessoais dele.",
      ),
    ),
  ).toBe("access");
});

it("reads 'supprimer l'ensemble des données me concernant' after 'comment avez-vous obtenu mon adresse' as an erasure", () => {
  expect(
    findDataRequest(
      normaliseReply(
        "Comment avez-vous obtenu mon adresse ? Je vous demande de supprimer l'ensemble des données me concernant.",
      ),
    ),
  ).toBe("erasure");
});
