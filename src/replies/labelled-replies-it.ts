// Labelled replies in Italian (see labelled-reply.ts). Received Wednesday 2026-02-25 unless said.
import { labelled } from "./labelled-reply.ts";

const QUOTE = `

Il giorno mar 24 feb 2026 alle ore 09:02 Justin Avery <justin@b2bea.example> ha scritto:
> Buongiorno,
> Un breve follow-up sull'iscrizione a B2BEA. Le interesserebbe una breve chiamata?
> Per annullare l'iscrizione: https://baton.example/u/v1.abc.def`;

const OUTLOOK = `

Da: Justin Avery <justin@b2bea.example>
Inviato: lunedì 23 febbraio 2026 16:10
A: Cliente <cliente@azienda.example>
Oggetto: I vostri primi 90 giorni di contenuti
Fissiamo una chiamata? Se non desidera più ricevere nostre email, si disiscriva qui.`;

export const LABELLED_REPLIES_IT = labelled("it", [
  // interested
  [
    "interested",
    `Buongiorno Justin,\n\ncerto, mi mandi pure maggiori informazioni e i prezzi.\n\nCordiali saluti,\nGiulia Rossi${QUOTE}`,
  ],
  ["interested", "Mi interessa. Quali aziende del settore sono già associate?"],
  ["interested", "Interessante, mi racconti di più."],
  ["interested", `Volentieri, l'ho girato al nostro direttore marketing.${OUTLOOK}`],
  ["interested", "Sì, grazie, mi invii la presentazione."],
  ["interested", "Siamo interessati al report. Cosa vi serve da parte nostra?"],
  ["interested", "Mi sembra una buona idea, quanto costa per un team di cinque persone?"],
  ["interested", "Va bene, mandatemi la documentazione.\n\nSaluti,\nMarco Bianchi\nResponsabile Vendite"],
  // meeting
  ["meeting", "Certo, sentiamoci martedì alle 10."],
  [
    "meeting",
    `Possiamo fissare un incontro la prossima settimana? Giovedì pomeriggio per me va bene.${QUOTE}`,
  ],
  ["meeting", "Mi mandi un invito per venerdì alle 14:00."],
  ["meeting", "Perfetto, facciamo una chiamata lunedì. Sono disponibile dalle 9."],
  ["meeting", "Mercoledì alle 15 va bene per una call veloce."],
  ["meeting", "Ho prenotato uno slot sul suo Calendly per domani."],
  ["meeting", "Sono disponibile giovedì mattina per un appuntamento di 30 minuti."],
  // not interested
  ["not_interested", "Non sono interessato, grazie."],
  ["not_interested", `Grazie, ma al momento non abbiamo bisogno di questo servizio.${QUOTE}`],
  ["not_interested", "No grazie, lavoriamo già con un'altra associazione."],
  ["not_interested", "Non ci interessa."],
  ["not_interested", "Non è una priorità per noi quest'anno e non abbiamo budget."],
  ["not_interested", "Abbiamo scelto un altro fornitore. In bocca al lupo."],
  ["not_interested", "Non sono interessata all'iscrizione, ma grazie comunque."],
  // unsubscribe
  ["unsubscribe", "Per favore rimuovetemi dalla vostra mailing list."],
  ["unsubscribe", "Cancellami"],
  ["unsubscribe", "Non desidero più ricevere le vostre email."],
  [
    "unsubscribe",
    `Smettete di scrivermi, non mi sono mai iscritto. Cancellate i miei dati ai sensi del GDPR.${QUOTE}`,
  ],
  ["unsubscribe", "Non contattatemi più, grazie."],
  ["unsubscribe", "Interessante, ma vi chiedo di cancellarmi dalla lista."],
  ["unsubscribe", "Vorrei disiscrivermi da tutte le comunicazioni."],
  // out of office
  ["out_of_office", "Grazie per il messaggio. Sono fuori ufficio fino al 3 marzo 2026.", "2026-03-03"],
  ["out_of_office", "Risposta automatica: sono in ferie e rientrerò lunedì 9 marzo.", "2026-03-09"],
  ["out_of_office", "Sono in trasferta con accesso limitato alla posta elettronica.", null],
  [
    "out_of_office",
    "Sarò assente fino al 16/03/2026. Per urgenze scrivere a info@azienda.example.",
    "2026-03-16",
  ],
  ["out_of_office", `Sono in maternità fino al 1° giugno.${QUOTE}`, "2026-06-01"],
  ["out_of_office", "Fuori ufficio fino a lunedì, risponderò al mio rientro.", "2026-03-02"],
  ["out_of_office", "Sarò di nuovo in ufficio il 10 marzo.", "2026-03-10"],
  // other
  ["referral", "Non sono la persona giusta, provi con Francesca Conti."],
  ["other", "Luca non lavora più qui. Aggiornate i vostri contatti, per favore."],
  ["other", "Dove avete preso il mio indirizzo?"],
  ["other", `Grazie, ci guardo e le faccio sapere.${OUTLOOK}`],
  ["other", "Qual è la differenza tra iscrizione e sponsorizzazione?"],
  ["other", "Ricevuto."],
]);
