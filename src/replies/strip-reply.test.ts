import { describe, expect, it } from "vitest";
import { classifyReply } from "./rule-classifier.ts";
import { stripReply } from "./strip-reply.ts";

const at = new Date("2026-02-25T15:30:00Z");

describe("stripReply: the writer's own words (issue 56 item 3.1)", () => {
  it.each([
    ["Sounds good.\n\nSent from my iPhone", "Sounds good."],
    ["Gerne.\n\nVon meinem iPhone gesendet", "Gerne."],
    ["Volontiers.\n\nEnvoyé de mon iPhone", "Volontiers."],
    ["Claro.\n\nEnviado desde mi iPhone", "Claro."],
    ["Graag.\n\nVerzonden vanaf mijn iPhone", "Graag."],
    ["Certo.\n\nInviato da iPhone", "Certo."],
    ["Claro.\n\nEnviado do meu iPhone", "Claro."],
    ["Send the deck.\n\nGet Outlook for iOS", "Send the deck."],
    ["Send the deck.\n\nBest,\nAna Ruiz\nVP Sales | Acme\n+1 555 0100\nana@acme.example", "Send the deck."],
    ["Bitte Unterlagen.\n\nMit freundlichen Grüßen\nPetra Lange\nTel. 030 123", "Bitte Unterlagen."],
    ["Envoyez.\n\nCordialement,\nN. Roux", "Envoyez."],
    ["Mándalo.\n\nSaludos,\nAndrés", "Mándalo."],
    ["Stuur maar.\n\nMet vriendelijke groet,\nBram", "Stuur maar."],
    ["Mandatelo.\n\nCordiali saluti\nLuca", "Mandatelo."],
    ["Pode enviar.\n\nAtenciosamente,\nCarla", "Pode enviar."],
  ])("%j → %j", (text, own) => {
    expect(stripReply(text)).toBe(own);
  });

  it("keeps a postscript under the signature", () => {
    expect(stripReply("Thanks.\n\nBest,\nAna\n\nP.S. please remove me from this list")).toBe(
      "Thanks.\n\nP.S. please remove me from this list",
    );
  });

  it("a closing followed by more than a signature is not cut", () => {
    expect(stripReply("Hi,\nThanks, please take me off your list.\nAna")).toContain("take me off");
  });

  it.each([
    [
      "en footer",
      "Sure, send it over.\n\nYou are receiving this email because you signed up. To unsubscribe from this list click here.",
    ],
    [
      "en disclaimer",
      "Sure, send it over.\n\nThis email and any attachments are confidential. If you are not the intended recipient, unsubscribe and delete.",
    ],
    [
      "de",
      "Gerne, schicken Sie mir die Unterlagen.\n\nDiese E-Mail enthält vertrauliche Informationen. Abmelden: https://x",
    ],
    [
      "fr",
      "Volontiers, envoyez-moi la plaquette.\n\nCe message et ses pièces jointes sont confidentiels. Pour vous désinscrire, cliquez ici.",
    ],
    ["es", "Me interesa, mándame info.\n\nEste mensaje es confidencial. Para darse de baja, haga clic aquí."],
    ["nl", "Klinkt goed, stuur me info.\n\nDit bericht is vertrouwelijk. Afmelden kan hier."],
    [
      "it",
      "Mi interessa, mandatemi il listino.\n\nQuesto messaggio e i suoi allegati sono riservati. Per disiscriverti clicca qui.",
    ],
    [
      "pt",
      "Tenho interesse, me envie a proposta.\n\nEsta mensagem é confidencial. Para descadastrar, clique aqui.",
    ],
  ])("a footer or disclaimer (%s) is not a stop request", (_what, text) => {
    const c = classifyReply(text, at);
    expect(c.intent).toBe("interested");
    expect(c.stopSignal).toBe(false);
  });

  it("a stop request in the writer's own words still counts, above a footer", () => {
    const c = classifyReply(
      "Please remove me.\n\nYou are receiving this email because you are a customer.",
      at,
    );
    expect(c.intent).toBe("unsubscribe");
  });
});

describe("hostile sizes", () => {
  it.each([
    ["one long word", "a".repeat(100_000)],
    ["thousands of closings", "Best,\n".repeat(20_000)],
    ["dotted numbers", "12.".repeat(30_000)],
    ["spaces", `a${" ".repeat(50_000)}b`],
  ])("reads %s in well under a second", (_what, text) => {
    const started = performance.now();
    classifyReply(text, at);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("a closing word that opens the reply", () => {
  it.each([
    ["Hi Justin,\n\nThanks!\n\nPlease remove me from your list.", "unsubscribe"],
    ["Hallo,\nDanke.\nBitte tragen Sie mich aus Ihrem Verteiler aus.", "unsubscribe"],
    ["Hi,\n\nThanks!\nI'm out of the office until March 3 with no access to email.", "out_of_office"],
  ])("keeps the sentences under it: %j", (text, intent) => {
    expect(classifyReply(text, at).intent).toBe(intent);
  });
});

describe("a footer's words in the writer's own sentence", () => {
  it.each([
    ["If you are not able to remove me, I will report this as spam."],
    ["The information in this email is wrong and I never signed up. Remove me."],
  ])("are not a footer: %s", (text) => {
    expect(classifyReply(text, at).stopSignal).toBe(true);
  });
});

describe("a formal reply's signature (the ninth round: larger companies, assistants, legal)", () => {
  const body = "Wir werden Ihr Angebot daher nicht weiterverfolgen.";
  it.each([
    [
      "a closing in two languages and a register line",
      `${body}\n\nMit freundlichen Grüßen / Best regards\n\ni. A. Katrin Weiß\nStrategischer Einkauf\n\nKessler Antriebstechnik GmbH\nTel.: +49 711 4589-2231\nkatrin.weiss@kessler.example\n\nSitz der Gesellschaft: Ostfildern | Registergericht: Amtsgericht Stuttgart HRB 123456\nGeschäftsführer: Dr. Heiko Kessler, Martina Voss`,
    ],
    [
      "a company named with its legal form",
      `${body}\n\nCom os melhores cumprimentos,\n\nSofia Matos\nCompras Corporativas\nGrupo Alentejo Agro, S.A.\nsofia.matos@alentejo.example`,
    ],
    [
      "a French formal closing",
      `${body}\n\nJe vous prie d'agréer, Madame, mes salutations distinguées.\n\nIsabelle Rousseau\nDirectrice juridique\nisabelle.rousseau@cfrhone.example`,
    ],
    [
      "a Dutch closing and a disclaimer headed so",
      `${body}\n\nHoogachtend,\n\nmr. R.J. (Ruud) van Leeuwen\nBedrijfsjurist\nZeeland Verzekeringen N.V.\nruud@zeeland.example\n\nDisclaimer: De informatie in dit bericht is vertrouwelijk en kan juridisch geprivilegieerd zijn.`,
    ],
    [
      "a shared inbox's ticket reference",
      `${body}\n\nKind regards,\n\nCustomer Services Team\nBrennan Foods Ltd\ninfo@brennan.example | 0161 496 0000\n\nOur ref: CS-2026-114873\nPlease quote this reference in any further correspondence.`,
    ],
  ])("%s", (_, text) => {
    expect(stripReply(text)).toBe(body);
  });

  it("keeps a sentence under a closing that is no register line", () => {
    const text = `${body}\n\nBest regards,\nAnna\n\nPlease write to my colleague tom@acme.example from now on.`;
    expect(stripReply(text)).toContain("tom@acme.example");
  });
});
