// The tenth labelled set (issue 56), written after part 9's fixes and measured once before any rule
// changed for it (docs/mailboxes.md, "Reply intents"): more stops and noes in words the earlier
// parts do not have, delays, and replies that quote a thread. 10 replies in each of the seven
// languages. Received Wednesday 2026-02-25.
import { labelled } from "./labelled-reply.ts";

const Q = "\n\nOn Tue, Feb 24, 2026 at 9:02 AM Justin Avery <justin@b2bea.example> wrote:\n> Worth a chat?";

export const LABELLED_REPLIES_PROBE_4 = [
  ...labelled("en", [
    ["unsubscribe", "Please cease all communication with me."],
    ["unsubscribe", `I'd rather not hear from you again.${Q}`],
    ["not_interested", "We'll have to decline, thanks for understanding."],
    ["not_interested", "Not a fit at our stage, unfortunately."],
    ["later", "Check back with me in the fall.", "2026-09-01"],
    ["later", "Let's revisit after our Q2 planning wraps up.", "2026-07-01"],
    ["interested", `Count us in - what's the next step?${Q}`],
    ["meeting", "Thursday 4pm my time works for a quick Zoom."],
    [
      "referral",
      "Best to speak with our COO, Linda Park (linda.park@harbor.example).",
      "linda.park@harbor.example",
    ],
    ["other", "Out of curiosity, how many members do you have?"],
  ]),
  ...labelled("de", [
    ["unsubscribe", "Ich wünsche keine weitere Kontaktaufnahme Ihrerseits."],
    ["unsubscribe", "Unterlassen Sie bitte künftig solche Mails."],
    ["not_interested", "Wir müssen leider absagen."],
    ["not_interested", "Für uns kein Thema, trotzdem danke."],
    ["later", "Fragen Sie im Herbst noch einmal nach.", "2026-09-01"],
    ["later", "Im Moment ungünstig, vielleicht im zweiten Halbjahr.", "2026-07-01"],
    ["interested", "Klingt vielversprechend, wie geht es weiter?"],
    ["meeting", "Freitag 10 Uhr wäre gut für ein Teams-Meeting."],
    [
      "referral",
      "Bitte wenden Sie sich an unseren Geschäftsführer Herrn Wolf: wolf@handel.example",
      "wolf@handel.example",
    ],
    ["other", "Wie viele Mitglieder hat der Verband?"],
  ]),
  ...labelled("fr", [
    ["unsubscribe", "Je vous prie de cesser de m'écrire."],
    ["unsubscribe", "Ne m'envoyez plus rien, merci."],
    ["not_interested", "Nous allons décliner, merci."],
    ["not_interested", "Ce n'est pas pour nous en ce moment, désolé."],
    ["later", "Revenez vers moi en fin d'année.", "2026-12-01"],
    ["later", "Recontactez-nous l'an prochain.", "2027-01-01"],
    ["interested", "Très bien, quelle est la prochaine étape ?"],
    ["meeting", "Vendredi à 11h pour un échange en visio ?"],
    [
      "referral",
      "Adressez-vous plutôt à Mme Girard, notre responsable achats : girard@industrie.example",
      "girard@industrie.example",
    ],
    ["other", "Combien de membres compte l'association ?"],
  ]),
  ...labelled("es", [
    ["unsubscribe", "Les ruego que dejen de enviarme correos."],
    ["unsubscribe", "No deseo recibir más comunicaciones."],
    ["not_interested", "Vamos a declinar la propuesta, gracias."],
    ["not_interested", "No es para nosotros ahora mismo."],
    ["later", "Escríbeme de nuevo el año que viene.", "2027-01-01"],
    ["later", "Vuelve a intentarlo en el tercer trimestre.", "2026-07-01"],
    ["interested", "Perfecto, ¿cuál sería el siguiente paso?"],
    ["meeting", "El viernes a las 12 podemos hacer una videollamada."],
    ["referral", "Mejor hable con nuestra directora, Elena Ruiz: eruiz@grupo.example", "eruiz@grupo.example"],
    ["other", "¿Cuántos socios tienen?"],
  ]),
  ...labelled("nl", [
    ["unsubscribe", "Ik wil niet langer benaderd worden."],
    ["unsubscribe", "Stop alstublieft met deze mails."],
    ["not_interested", "We moeten helaas bedanken."],
    ["not_interested", "Voor ons nu niet interessant, sorry."],
    ["later", "Neem over een half jaar weer contact op.", "2026-08-25"],
    ["later", "Probeer het in het nieuwe jaar nog eens.", "2027-01-01"],
    ["interested", "Prima, wat is de volgende stap?"],
    ["meeting", "Vrijdag 11 uur kan ik wel een videocall doen."],
    [
      "referral",
      "U kunt beter contact opnemen met onze directeur, Sander Kok: s.kok@bouw.example",
      "s.kok@bouw.example",
    ],
    ["other", "Hoeveel leden heeft de vereniging?"],
  ]),
  ...labelled("it", [
    ["unsubscribe", "Vi prego di non scrivermi più."],
    ["unsubscribe", "Non desidero ricevere ulteriori comunicazioni."],
    ["not_interested", "Dobbiamo declinare, grazie."],
    ["not_interested", "Al momento non è per noi, mi spiace."],
    ["later", "Ricontattatemi l'anno prossimo.", "2027-01-01"],
    ["later", "Riproviamo nel terzo trimestre.", "2026-07-01"],
    ["interested", "Bene, qual è il prossimo passo?"],
    ["meeting", "Venerdì alle 11 possiamo fare una videocall."],
    [
      "referral",
      "Meglio parlare con il nostro direttore, Marco Conti: m.conti@azienda.example",
      "m.conti@azienda.example",
    ],
    ["other", "Quanti soci avete?"],
  ]),
  ...labelled("pt", [
    ["unsubscribe", "Peço que parem de me escrever."],
    ["unsubscribe", "Não desejo receber mais comunicações."],
    ["not_interested", "Vamos declinar, obrigado."],
    ["not_interested", "Não é para nós neste momento."],
    ["later", "Me escreva de novo no ano que vem.", "2027-01-01"],
    ["later", "Tente novamente no terceiro trimestre.", "2026-07-01"],
    ["interested", "Ótimo, qual é o próximo passo?"],
    ["meeting", "Sexta às 11h podemos fazer uma videochamada."],
    [
      "referral",
      "Melhor falar com o nosso diretor, Paulo Reis: paulo.reis@empresa.example",
      "paulo.reis@empresa.example",
    ],
    ["other", "Quantos associados vocês têm?"],
  ]),
];
