// Stop requests in words the unsubscribe rule did not know (issue 72: "11 of 44 stop requests carry
// neither an unsubscribe reading nor a stop signal"), found with replies written for the check by the
// team in the seven languages: each read as `other` or as a no with a stop sign, so the contact was
// held only in the campaign answered. Now each is a sure unsubscribe: every touch stops.
import { describe, expect, it } from "vitest";
import { decidesAlone } from "./automation.ts";
import { classifyReply } from "./rule-classifier.ts";

const AT = new Date("2026-11-30T10:00:00Z");

describe("stop requests the rules did not know", () => {
  it.each([
    "Hi, bitte setzt mich auf eure do-not-contact list. Wir kriegen zehn solcher Mails am Tag.",
    "Es el cuarto correo que me mandáis este mes. DEJAD DE ESCRIBIRME YA.",
    "No nos interesa y por favor no sigáis enviando correos a esta dirección.",
    "Non ci interessa, e per favore non contattateci più.",
    "Vi prego di togliermi da qualsiasi lista.",
    "Ciao, togli pure il mio contatto dal tuo CRM.",
    "me tira dessa lista por favor",
    "Agradecia que não voltassem a contactar-me por este meio. Obrigado.",
    "Hoe vaak moet ik het nog zeggen? GEEN interesse en ik wil NIETS meer van jullie ontvangen!!",
  ])("%s", (text) => {
    const c = classifyReply(text, AT);
    expect(c.intent).toBe("unsubscribe");
    expect(decidesAlone(c)).toBe(true);
  });

  it("leaves a do-not-call preference and 'nothing more to add' alone", () => {
    expect(classifyReply("Please do not call, email is better for me. Send the deck.", AT).intent).not.toBe(
      "unsubscribe",
    );
    expect(
      classifyReply("Ik wil niets meer dan een korte demo, stuur maar een uitnodiging.", AT).intent,
    ).not.toBe("unsubscribe");
  });
});

describe("stop requests the rules did not know (second round)", () => {
  it.each([
    "Con la presente si richiede la rimozione del nostro indirizzo di posta elettronica dalle Vostre liste di distribuzione.",
    "Geen interesse, en stuur me alsjeblieft ook geen follow-ups meer.",
    "Gelieve mij uit te schrijven. Ik wens geen commerciële berichten meer te ontvangen op dit adres.",
    "Wij verzoeken u ons e-mailadres uit uw bestand te verwijderen en ons niet langer te benaderen.",
    "Para de me mandar e-mail. Já é o terceiro.",
    "Favor de no volver a escribirme.",
    "Ich bitte Sie, mich künftig nicht mehr zu kontaktieren.",
  ])("%s", (text) => {
    const c = classifyReply(text, AT);
    expect(c.intent).toBe("unsubscribe");
  });
});

describe("stop requests the rules did not know (third round)", () => {
  it.each(["non merci et ne me recontactez plus", "Haal me aub van jullie lijst"])("%s", (text) => {
    expect(classifyReply(text, AT).intent).toBe("unsubscribe");
  });
});

describe("stop requests of the seventh and eighth rounds", () => {
  it.each([
    "Not interested, and I'd appreciate no more follow ups.",
    "No further emails please, we are not a fit.",
    "Enlevez-moi de votre liste svp, merci de pu m'écrire.",
  ])("%s", (text) => {
    expect(classifyReply(text, AT).intent).toBe("unsubscribe");
  });

  it("is no stop when nothing more is needed to meet", () => {
    expect(classifyReply("No more questions from my side, Tuesday at 10 works.", AT).intent).not.toBe(
      "unsubscribe",
    );
  });
});

describe("the ninth round: a processor's terms asked, and a stop said politely", () => {
  it("reads no stop in a security questionnaire that names article 28 of the GDPR", () => {
    const text =
      "Nous pourrions envisager un pilote. Merci de nous transmettre la liste de vos sous-traitants ultérieurs au sens de l'article 28 du RGPD.";
    expect(classifyReply(text, AT).intent).not.toBe("unsubscribe");
    expect(classifyReply("Please send your DPA and sub-processors under Art. 28 GDPR.", AT).intent).not.toBe(
      "unsubscribe",
    );
  });

  it("reads 'agradeço que deixem de me enviar e-mails' and 'suspendam qualquer envio' as stops", () => {
    expect(classifyReply("A resposta é não. E agradeço que deixem de me enviar e-mails.", AT).intent).toBe(
      "unsubscribe",
    );
    expect(classifyReply("Pedimos que suspendam qualquer envio para o endereço dele.", AT).intent).toBe(
      "unsubscribe",
    );
  });
});

it("reads 'Nee. En stuur me ook niks meer.' as a stop, not as 'send me' (a 97% yes before)", () => {
  expect(classifyReply("Nee. En stuur me ook niks meer.", AT).intent).toBe("unsubscribe");
  expect(classifyReply("Stuur me maar wat info.", AT).intent).toBe("interested");
  expect(classifyReply("Take this address off whatever list you bought.", AT).intent).toBe("unsubscribe");
});

describe("stop requests of the thirteenth round", () => {
  it.each([
    "Geen interesse. Mail me alsjeblieft niet meer.",
    "Vielen Dank, wir verzichten. Bitte sehen Sie künftig von weiteren Kontaktaufnahmen an unser Haus ab.",
    "Gracias, pero no. Le agradecería que no contactaran más ni conmigo ni con nadie de Grupo Levante.",
    "Grazie, ma declino. Vi prego di non contattare più né me né i miei colleghi.",
    "Remover.",
  ])("%s", (text) => {
    const c = classifyReply(text, AT);
    expect(c.intent === "unsubscribe" || c.stopSignal).toBe(true);
  });
});
