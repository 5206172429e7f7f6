// Hard cases for issue 56 (the sixth labelled set, written for the new intents and the stripper):
// delays with and without a date, referrals with and without an address, polite, angry and legal
// stops, the prospect's own footers and disclaimers, a stop mentioned but not asked for, mobile
// one-liners, sarcasm and long quoted threads. English, German and French here; the other four
// languages in labelled-replies-hard-es-nl-it-pt.ts. Received Wednesday 2026-02-25.
import { labelled } from "./labelled-reply.ts";

export const LABELLED_REPLIES_HARD_EN_DE_FR = [
  ...labelled("en", [
    ["later", "Not now, try me in March.", "2026-03-01"],
    ["later", "We're mid-migration until the end of Q2. Can you circle back in Q3?", "2026-07-01"],
    ["later", "Bad timing - we're in a budget freeze. Reach out again next quarter.", "2026-04-01"],
    ["later", "Maybe later in the year, things are hectic right now.", null],
    ["later", "Could you follow up after the 15th? I'm buried until then.", "2026-03-16"],
    ["later", "ping me in two weeks, after our board meeting", "2026-03-11"],
    [
      "referral",
      "I've left Northwind, please contact my successor Dana Ortiz (dana.ortiz@northwind.example).",
      "dana.ortiz@northwind.example",
    ],
    ["referral", "Wrong person I'm afraid. The right person is Tom Becker, he runs our events.", null],
    [
      "referral",
      "Talk to my colleague Priya, she owns the partnerships budget: priya@acme.example",
      "priya@acme.example",
    ],
    ["unsubscribe", "I'd prefer not to get these emails, thanks."],
    ["unsubscribe", "Stop. This is the third time I've asked."],
    ["unsubscribe", "Under the GDPR I object to the processing of my personal data. Confirm deletion."],
    [
      "interested",
      "Thanks Justin, send over the pricing and I'll take a look.\n\nBest,\nMaria Lopez\nHead of Marketing | Acme Corp\n+1 555 0100\n\nYou are receiving this email because you are a customer of Acme. To unsubscribe from this list, click here.",
    ],
    [
      "meeting",
      "Happy to chat - does Thursday at 2pm work for a call?\n\nKind regards\nJohn\n\nThis email and any attachments are confidential and intended solely for the addressee. If you are not the intended recipient, please notify the sender and delete this email.",
    ],
    [
      "interested",
      "I almost hit unsubscribe, but the benchmark report is actually useful. Can you send the full version?",
    ],
    ["interested", "k, send it"],
    ["not_interested", "nah"],
    ["not_interested", "Oh great, another cold email. Just what I needed today."],
    ["not_interested", "Sure, because I have nothing better to do than book demos with strangers."],
    [
      "meeting",
      "Let's do Tuesday 11am ET.\n\nOn Mon, Feb 23, 2026 at 4:10 PM Justin Avery <justin@b2bea.example> wrote:\n> Would Tuesday or Wednesday work?\n>\n> On Fri, Feb 20, 2026 Ana wrote:\n>> Not interested right now, try me in a few weeks.\n>>> Unsubscribe: https://baton.example/u/v1.abc",
    ],
    ["interested", "Yes, interested. Send details\n\nSent from my iPhone"],
    ["unsubscribe", "Please remove me\n\nSent from my iPhone"],
  ]),
  ...labelled("de", [
    ["later", "Momentan passt es nicht, melden Sie sich gerne nach den Sommerferien wieder.", "2026-09-01"],
    ["later", "Bitte kommen Sie im nächsten Quartal noch einmal auf mich zu.", "2026-04-01"],
    ["later", "Aktuell keine Kapazität. Fragen Sie gern in drei Monaten nochmal.", "2026-05-25"],
    ["later", "Vielleicht später im Jahr, gerade ist zu viel los.", null],
    [
      "referral",
      "Ich bin nicht mehr bei der Firma. Wenden Sie sich bitte an Frau Keller, keller@firma.example.",
      "keller@firma.example",
    ],
    ["referral", "Dafür ist mein Kollege Jan Vogt zuständig, ich habe ihn in CC gesetzt.", null],
    [
      "referral",
      "Richtige Ansprechpartnerin ist Frau Dr. Weber (s.weber@acme.example).",
      "s.weber@acme.example",
    ],
    ["unsubscribe", "Ich möchte diese E-Mails nicht mehr erhalten."],
    ["unsubscribe", "Das ist jetzt das dritte Mal. Hören Sie endlich auf, mir zu schreiben!"],
    ["unsubscribe", "Gemäß DSGVO widerspreche ich der Nutzung meiner Daten und verlange deren Löschung."],
    [
      "interested",
      "Danke, klingt interessant. Schicken Sie mir bitte die Unterlagen.\n\nMit freundlichen Grüßen\nPetra Lange\nLeiterin Marketing\nTel. +49 30 1234567\n\nSie erhalten diese E-Mail, weil Sie sich für unseren Newsletter angemeldet haben. Abmelden: https://firma.example/abmelden",
    ],
    [
      "not_interested",
      "Kein Interesse, danke.\n\nDiese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender und löschen Sie diese E-Mail.",
    ],
    [
      "interested",
      "Ich wollte mich schon abmelden, aber das Thema Events interessiert uns tatsächlich. Was kostet das?",
    ],
    ["interested", "Passt, schicken Sie!"],
    ["not_interested", "Nein."],
    ["not_interested", "Na toll, schon wieder so eine Mail. Genau das habe ich gebraucht."],
    [
      "meeting",
      "Gerne, Donnerstag 14 Uhr passt mir.\n\nAm 24.02.2026 um 09:02 schrieb Justin Avery <justin@b2bea.example>:\n> Hätten Sie Donnerstag Zeit?\n>\n> Am 20.02.2026 schrieb Petra:\n>> Bitte keine Werbung mehr.",
    ],
    ["unsubscribe", "Bitte austragen.\n\nVon meinem iPhone gesendet"],
  ]),
  ...labelled("fr", [
    ["later", "Pas pour l'instant, recontactez-moi en septembre.", "2026-09-01"],
    ["later", "Revenez vers moi à la rentrée, on en reparlera.", "2026-09-01"],
    ["later", "Nous bouclons notre budget. Relancez-moi dans deux mois.", "2026-04-25"],
    ["later", "Peut-être plus tard dans l'année.", null],
    [
      "referral",
      "Je ne m'occupe plus de ce sujet, contactez ma collègue Claire Martin : claire.martin@societe.example",
      "claire.martin@societe.example",
    ],
    ["referral", "Ce n'est pas moi qui gère les partenariats. Voyez avec Julien Petit.", null],
    [
      "referral",
      "J'ai quitté l'entreprise. Mon remplaçant est Marc Dubois (marc.dubois@groupe.example).",
      "marc.dubois@groupe.example",
    ],
    ["unsubscribe", "Je préférerais ne plus recevoir ce type de messages."],
    ["unsubscribe", "C'est la troisième relance. Arrêtez, s'il vous plaît."],
    ["unsubscribe", "Conformément au RGPD, je vous demande la suppression de mes données."],
    [
      "interested",
      "Volontiers, envoyez-moi la plaquette.\n\nCordialement,\nNathalie Roux\nDirectrice commerciale\n\nVous recevez ce message car vous êtes inscrit à notre liste. Pour vous désinscrire, cliquez ici.",
    ],
    [
      "meeting",
      "Mardi 10h me convient pour un appel.\n\nCe message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires. Si vous avez reçu ce message par erreur, merci de le supprimer.",
    ],
    [
      "interested",
      "J'ai failli me désinscrire, mais ce rapport m'intéresse. Vous pouvez m'envoyer la version complète ?",
    ],
    ["interested", "Ok pour moi."],
    ["not_interested", "Non."],
    ["not_interested", "Génial, encore un mail de prospection. Exactement ce qu'il me fallait."],
    [
      "other",
      "Merci, je regarde et je reviens vers vous.\n\nLe mar. 24 févr. 2026 à 09:02, Justin Avery <justin@b2bea.example> a écrit :\n> Bonjour,\n> Pour vous désinscrire, répondez STOP.\n> Le 20 févr. 2026, Claire a écrit :\n>> Intéressant, envoyez-moi des infos.",
    ],
    ["interested", "Oui, intéressé. Envoyez les détails.\n\nEnvoyé de mon iPhone"],
  ]),
];
