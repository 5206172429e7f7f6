// Labelled replies in French (see labelled-reply.ts). Received Wednesday 2026-02-25 unless said.
import { labelled } from "./labelled-reply.ts";

const QUOTE = `

Le mar. 24 févr. 2026 à 09:02, Justin Avery <justin@b2bea.example> a écrit :
> Bonjour,
> Petite relance au sujet de l'adhésion B2BEA. Seriez-vous intéressé par un court échange ?
> Pour vous désinscrire : https://baton.example/u/v1.abc.def`;

const OUTLOOK = `

De : Justin Avery <justin@b2bea.example>
Envoyé : lundi 23 février 2026 16:10
À : Client <client@societe.example>
Objet : Vos 90 premiers jours de contenu
Pouvons-nous caler un appel ? Si vous ne souhaitez plus recevoir nos messages, désinscrivez-vous ici.`;

export const LABELLED_REPLIES_FR = labelled("fr", [
  // interested
  [
    "interested",
    `Bonjour Justin,\n\nVolontiers, pouvez-vous m'envoyer la plaquette et les tarifs ?\n\nCordialement,\nClaire Martin${QUOTE}`,
  ],
  ["interested", "Ça m'intéresse. Quels sont les membres déjà présents dans la distribution ?"],
  ["interested", "Oui, avec plaisir. Envoyez-moi plus d'informations."],
  ["interested", `Très intéressant, je transmets à notre directeur marketing.${OUTLOOK}`],
  ["interested", "Pourquoi pas, ça me semble pertinent pour nous. Combien coûte l'adhésion ?"],
  ["interested", "Nous sommes intéressés par le rapport. Que faut-il vous fournir ?"],
  ["interested", "Bonne idée, envoyez-moi la documentation et je regarde avec l'équipe."],
  ["interested", "Oui merci, je veux bien en savoir plus.\n\n--\nJulien Bernard\nResponsable commercial"],
  // meeting
  ["meeting", "Avec plaisir, on peut s'appeler mardi à 10h ?"],
  [
    "meeting",
    `Pouvons-nous fixer un rendez-vous la semaine prochaine ? Jeudi après-midi me convient.${QUOTE}`,
  ],
  ["meeting", "Envoyez-moi une invitation pour vendredi 14h, ça me va."],
  ["meeting", "Parlons-en lundi, je suis disponible à partir de 9h."],
  ["meeting", "Mercredi à 15h, c'est parfait pour un appel."],
  ["meeting", "J'ai réservé un créneau via votre lien Calendly pour demain."],
  ["meeting", "Je suis disponible jeudi matin pour un échange de 30 minutes."],
  // not interested
  ["not_interested", "Pas intéressé, merci."],
  ["not_interested", `Merci, mais nous n'avons pas de besoin pour le moment.${QUOTE}`],
  ["not_interested", "Non merci, nous travaillons déjà avec un autre prestataire."],
  ["not_interested", "Ça ne nous intéresse pas. Bonne continuation."],
  ["not_interested", "Nous ne donnerons pas suite à votre proposition."],
  ["not_interested", "Ce n'est pas une priorité pour nous cette année, et nous n'avons pas de budget."],
  ["not_interested", "Je ne suis pas intéressée par une adhésion, merci de votre compréhension."],
  // unsubscribe
  ["unsubscribe", "Merci de me retirer de votre liste de diffusion."],
  ["unsubscribe", "Désinscription"],
  ["unsubscribe", "Je ne souhaite plus recevoir vos e-mails."],
  [
    "unsubscribe",
    `Arrêtez de m'écrire, je ne me suis jamais inscrit. Supprimez mes données conformément au RGPD.${QUOTE}`,
  ],
  ["unsubscribe", "Ne me contactez plus, s'il vous plaît."],
  ["unsubscribe", "Intéressant, mais merci de me désinscrire de vos envois."],
  ["unsubscribe", "Veuillez supprimer mon adresse e-mail de votre base."],
  // out of office
  [
    "out_of_office",
    "Bonjour, je suis absente du bureau jusqu'au 3 mars inclus. Pour toute urgence, contactez accueil@societe.example.",
    "2026-03-04",
  ],
  [
    "out_of_office",
    "Réponse automatique : je suis en congés et serai de retour le lundi 9 mars 2026.",
    "2026-03-09",
  ],
  ["out_of_office", "Je suis actuellement en déplacement avec un accès limité à mes e-mails.", null],
  [
    "out_of_office",
    "Message d'absence : je serai de retour le 16/03/2026. Votre message ne sera pas transféré.",
    "2026-03-16",
  ],
  ["out_of_office", `Merci pour votre message. Je suis en vacances jusqu'à lundi.${QUOTE}`, "2026-03-02"],
  ["out_of_office", "Je suis en congé maternité jusqu'au 1er juin 2026.", "2026-06-01"],
  ["out_of_office", "Absent du 23 février au 6 mars. Je vous répondrai à mon retour.", "2026-03-06"],
  // other
  ["referral", "Je ne suis pas la bonne personne, voyez avec Sophie Durand."],
  ["other", "M. Lefèvre ne fait plus partie de la société. Merci de mettre à jour vos fichiers."],
  ["other", "Où avez-vous trouvé mon adresse ?"],
  ["other", `Merci, je regarde et je reviens vers vous.${OUTLOOK}`],
  ["other", "Quelle est la différence entre l'adhésion et le sponsoring ?"],
  ["other", "Bien reçu."],
]);
