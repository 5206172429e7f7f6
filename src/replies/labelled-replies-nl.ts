// Labelled replies in Dutch (see labelled-reply.ts). Received Wednesday 2026-02-25 unless said.
import { labelled } from "./labelled-reply.ts";

const QUOTE = `

Op di 24 feb 2026 om 09:02 schreef Justin Avery <justin@b2bea.example>:
> Hallo,
> Even opvolgen over het B2BEA-lidmaatschap. Zou u interesse hebben in een kort gesprek?
> Afmelden: https://baton.example/u/v1.abc.def`;

const OUTLOOK = `

Van: Justin Avery <justin@b2bea.example>
Verzonden: maandag 23 februari 2026 16:10
Aan: Klant <klant@bedrijf.example>
Onderwerp: Uw eerste 90 dagen content
Zullen we een call inplannen? Wilt u geen berichten meer ontvangen, meld u dan hier af.`;

export const LABELLED_REPLIES_NL = labelled("nl", [
  // interested
  [
    "interested",
    `Hoi Justin,\n\nGraag, stuur me meer informatie en de prijzen.\n\nGroet,\nSanne de Vries${QUOTE}`,
  ],
  ["interested", "Klinkt interessant. Welke bedrijven uit de groothandel doen al mee?"],
  ["interested", "Ja graag, stuur de presentatie maar door."],
  [
    "interested",
    `Lijkt me zeker interessant, ik heb het doorgestuurd naar onze marketingdirecteur.${OUTLOOK}`,
  ],
  ["interested", "We hebben interesse in het rapport. Wat hebben jullie van ons nodig?"],
  ["interested", "Dat is prima, wat kost het lidmaatschap voor een team van vijf?"],
  ["interested", "Klinkt goed, vertel me meer."],
  [
    "interested",
    "Ik sta ervoor open. Kunt u wat voorbeelden sturen?\n\nMet vriendelijke groet,\nPieter Jansen\nHoofd Sales",
  ],
  // meeting
  ["meeting", "Prima, laten we dinsdag om 10 uur bellen."],
  ["meeting", `Kunnen we volgende week een afspraak inplannen? Donderdagmiddag komt mij goed uit.${QUOTE}`],
  ["meeting", "Stuur me een uitnodiging voor vrijdag 14:00."],
  ["meeting", "Maandag schikt mij, ik ben vanaf 9 uur beschikbaar voor een gesprek."],
  ["meeting", "Woensdag om 15.00 uur is goed voor een kort belletje."],
  ["meeting", "Ik heb via je Calendly-link een tijdslot voor morgen geboekt."],
  ["meeting", "Graag een kennismakingsgesprek van 30 minuten, donderdagochtend kan ik."],
  // not interested
  ["not_interested", "Geen interesse, bedankt."],
  ["not_interested", `Bedankt, maar we hebben op dit moment geen behoefte.${QUOTE}`],
  ["not_interested", "Nee dank je, we werken al met een andere partij."],
  ["not_interested", "Wij zijn niet geïnteresseerd."],
  ["not_interested", "Dit heeft voor ons geen prioriteit en er is geen budget."],
  ["not_interested", "We hebben gekozen voor een andere leverancier. Succes verder!"],
  ["not_interested", "Ik ben niet geïnteresseerd in een lidmaatschap, maar bedankt."],
  // unsubscribe
  ["unsubscribe", "Graag uitschrijven van uw mailinglijst."],
  ["unsubscribe", "Afmelden"],
  ["unsubscribe", "Ik wil geen e-mails meer van jullie ontvangen."],
  [
    "unsubscribe",
    `Stop met mailen, ik heb me nooit aangemeld. Verwijder mijn gegevens conform de AVG.${QUOTE}`,
  ],
  ["unsubscribe", "Neem alstublieft geen contact meer met mij op."],
  ["unsubscribe", "Interessant, maar haal me van jullie lijst af."],
  ["unsubscribe", "Verwijder mijn e-mailadres uit uw bestand."],
  // out of office
  [
    "out_of_office",
    "Bedankt voor uw bericht. Ik ben afwezig tot en met 6 maart en lees mijn e-mail niet.",
    "2026-03-07",
  ],
  [
    "out_of_office",
    "Automatisch antwoord: ik ben met vakantie en vanaf maandag 9 maart weer op kantoor.",
    "2026-03-09",
  ],
  ["out_of_office", "Ik ben momenteel beperkt bereikbaar.", null],
  [
    "out_of_office",
    "Afwezigheidsmelding: ik ben t/m 13-03-2026 niet aanwezig. Voor spoed: info@bedrijf.example.",
    "2026-03-14",
  ],
  ["out_of_office", `Ik ben tot maandag niet op kantoor.${QUOTE}`, "2026-03-02"],
  ["out_of_office", "Ik ben met zwangerschapsverlof tot 1 juni 2026.", "2026-06-01"],
  ["out_of_office", "Ik ben er weer op 16 maart. Uw e-mail wordt niet doorgestuurd.", "2026-03-16"],
  // other
  ["referral", "Ik ben niet de juiste persoon, probeer het bij Eva Bakker."],
  ["other", "Mark werkt hier niet meer. Graag uw gegevens aanpassen."],
  ["other", "Hoe komt u aan mijn e-mailadres?"],
  ["other", `Dank, ik kijk ernaar en kom erop terug.${OUTLOOK}`],
  ["other", "Wat is het verschil tussen lidmaatschap en sponsoring?"],
  ["other", "Ontvangen, dank."],
]);
