// Labelled replies in German (see labelled-reply.ts). Received Wednesday 2026-02-25 unless said.
import { labelled } from "./labelled-reply.ts";

const QUOTE = `

Am 24.02.2026 um 09:02 schrieb Justin Avery <justin@b2bea.example>:
> Hallo,
> kurze Nachfrage zu unserer B2BEA-Mitgliedschaft. Hätten Sie Interesse an einem kurzen Gespräch?
> Keine weiteren E-Mails gewünscht? Hier abmelden: https://baton.example/u/v1.abc.def`;

const OUTLOOK = `

Von: Justin Avery <justin@b2bea.example>
Gesendet: Montag, 23. Februar 2026 16:10
An: Kunde <kunde@firma.example>
Betreff: Ihre ersten 90 Tage Content
Sollen wir einen Termin vereinbaren? Wenn Sie nichts mehr von uns hören möchten, melden Sie sich hier ab.`;

export const LABELLED_REPLIES_DE = labelled("de", [
  // interested
  [
    "interested",
    `Hallo Herr Avery,\n\ndas klingt interessant. Können Sie mir die Preise und Unterlagen schicken?\n\nViele Grüße\nSabine Koch${QUOTE}`,
  ],
  ["interested", "Gerne, schicken Sie mir mehr Informationen zur Mitgliedschaft."],
  ["interested", "Ja, bitte. Das Thema steht bei uns gerade ganz oben auf der Liste."],
  ["interested", `Klingt gut! Ich habe das an unseren Geschäftsführer weitergeleitet.${OUTLOOK}`],
  ["interested", "Wir haben grundsätzlich Interesse. Was kostet das für ein Team mit 5 Personen?"],
  ["interested", "Sehr spannend, genau so etwas suchen wir seit Monaten. Bitte mehr Details."],
  ["interested", "Das interessiert mich. Wer aus der Logistikbranche ist denn schon dabei?"],
  [
    "interested",
    "Gern, senden Sie mir das Deck.\n\nMit freundlichen Grüßen\nThomas Wagner\nLeiter Marketing | Müller GmbH",
  ],
  // meeting
  ["meeting", "Gerne, lassen Sie uns telefonieren. Dienstag um 10 Uhr passt mir gut."],
  ["meeting", `Können wir nächste Woche einen Termin vereinbaren? Donnerstag Nachmittag wäre ideal.${QUOTE}`],
  ["meeting", "Schicken Sie mir bitte eine Kalendereinladung für Freitag, 14:00 Uhr."],
  ["meeting", "Passt, sprechen wir am Montag. Ich bin ab 9 Uhr erreichbar."],
  ["meeting", "Mittwoch um 15 Uhr geht bei mir für einen kurzen Call."],
  ["meeting", "Ich habe über Ihren Calendly-Link einen Termin für morgen gebucht."],
  [
    "meeting",
    "Lassen Sie uns gerne einen 30-minütigen Termin machen, gerne mit meiner Kollegin aus dem Vertrieb.",
  ],
  // not interested
  ["not_interested", "Kein Interesse, danke."],
  ["not_interested", `Vielen Dank, aber wir haben derzeit keinen Bedarf.${QUOTE}`],
  ["not_interested", "Nein danke, wir arbeiten bereits mit einem anderen Verband zusammen."],
  ["not_interested", "Wir sind nicht interessiert. Bitte verstehen Sie das als Absage."],
  ["not_interested", "Das passt aktuell nicht zu uns, und Budget ist dieses Jahr auch keins da."],
  ["not_interested", "Danke für die Nachfrage, aber das ist für uns kein Thema."],
  ["not_interested", "Wir haben uns für einen anderen Anbieter entschieden. Trotzdem viel Erfolg!"],
  ["not_interested", "Leider kein Interesse an einer Mitgliedschaft, wir sind gut versorgt."],
  // unsubscribe
  ["unsubscribe", "Bitte nehmen Sie mich aus Ihrem Verteiler."],
  ["unsubscribe", "Abmelden"],
  ["unsubscribe", "Bitte keine weiteren E-Mails an diese Adresse."],
  [
    "unsubscribe",
    `Ich möchte keine Nachrichten mehr von Ihnen erhalten. Löschen Sie meine Daten gemäß DSGVO.${QUOTE}`,
  ],
  ["unsubscribe", "Hören Sie auf, mir zu schreiben. Ich habe mich nie angemeldet."],
  ["unsubscribe", "Klingt zwar interessant, aber bitte tragen Sie mich aus der Liste aus."],
  ["unsubscribe", "Bitte kontaktieren Sie mich nicht mehr."],
  [
    "unsubscribe",
    "Ich widerspreche der Nutzung meiner Daten zu Werbezwecken. Bitte entfernen Sie meine E-Mail-Adresse.",
  ],
  // out of office
  [
    "out_of_office",
    "Vielen Dank für Ihre Nachricht. Ich bin bis zum 3. März 2026 nicht im Büro und habe keinen Zugriff auf meine E-Mails.",
    "2026-03-03",
  ],
  [
    "out_of_office",
    "Abwesenheitsnotiz: Ich bin im Urlaub und ab Montag, 9. März wieder erreichbar. In dringenden Fällen wenden Sie sich an info@firma.example.",
    "2026-03-09",
  ],
  [
    "out_of_office",
    "Automatische Antwort: Ich bin derzeit außer Haus und nur eingeschränkt erreichbar.",
    null,
  ],
  [
    "out_of_office",
    "Ich bin vom 23.02. bis einschließlich 06.03.2026 abwesend. Ihre Nachricht wird nicht weitergeleitet.",
    "2026-03-07",
  ],
  [
    "out_of_office",
    "Ich befinde mich bis 16.03.2026 in Elternzeit. Bitte wenden Sie sich an Frau Schulz.",
    "2026-03-16",
  ],
  [
    "out_of_office",
    `Danke für Ihre E-Mail. Ich bin bis Freitag auf Dienstreise und beantworte Ihre Nachricht nach meiner Rückkehr.${QUOTE}`,
    "2026-02-27",
  ],
  ["out_of_office", "Ich bin ab dem 2. April wieder im Büro.", "2026-04-02"],
  ["out_of_office", "Abwesend: Ab morgen bin ich wieder für Sie da.", "2026-02-26"],
  // other
  ["referral", "Ich bin dafür nicht zuständig. Wenden Sie sich bitte an Herrn Becker."],
  ["other", "Frau Schmidt ist nicht mehr bei uns tätig. Bitte aktualisieren Sie Ihre Kontaktdaten."],
  ["other", "Woher haben Sie meine Adresse?"],
  ["other", `Danke, ich schaue es mir an und melde mich.${OUTLOOK}`],
  ["other", "Was genau ist der Unterschied zwischen Mitgliedschaft und Sponsoring?"],
  ["other", "Ich leite das intern weiter, die Entscheidung liegt nicht bei mir."],
]);
