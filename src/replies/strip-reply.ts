// What a reply's writer said, without what came with it (issue 56 item 3.1): the quoted original,
// signatures (a closing and the name/title/phone block under it, "Sent from my iPhone" in the seven
// languages), the prospect's own company footer ("You are receiving this because…") and legal
// disclaimers ("This email and any attachments are confidential…"). Our own email and its
// unsubscribe link, and the prospect's mail server's footer, must never decide the intent: three
// false stops on unseen replies came from footers and a disclaimer.
//
// Why our own module and not a library: `email-reply-parser` needs Node 22 (engines >= 22; Baton
// supports 20), and `planer` (talon's port) strips quotes only, its signature model is not ported,
// and it knows none of the seven languages' closings or disclaimers. Both are line heuristics like
// these; ours already reads the seven languages' quote headers.

// "On … wrote:", "Am … schrieb …:", "Le … a écrit :", "El … escribió:", "Op … schreef …:" /
// "… het volgende geschreven:", "Il … ha scritto:", "Em … escreveu:" (Gmail, Apple Mail, Thunderbird)
const QUOTE_HEADER =
  /^(on|am|le|el|op|il|em)\s.{3,250}\s(wrote|schrieb|a [eé]crit|escribi[oó]|schreef|geschreven|ha scritto|escreveu)(\s*:?|\s.{0,120}:)\s*$/i;
// Outlook's "-----Original Message-----" line, in the languages
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(original message|forwarded message|urspr[üu]ngliche nachricht|weitergeleitete nachricht|message d'origine|message transf[ée]r[ée]|mensaje original|mensaje reenviado|oorspronkelijk bericht|doorgestuurd bericht|messaggio originale|messaggio inoltrato|mensagem original|mensagem encaminhada)\s*-{2,}$/i;
// Outlook's header block: "From:/Von:/De:/Van:/Da:" followed by "Sent:/Gesendet:/Envoyé:/…"
const FROM_LINE = /^(from|von|de|van|da)\s*:\s*\S/i;
const HEADER_LINE =
  /^(sent|date|gesendet|datum|envoy[ée]|enviado|enviada|fecha|verzonden|inviato|data|to|an|[àa]|para|aan|subject|betreff|objet|asunto|onderwerp|oggetto|assunto|cc)\s*:/i;

// A phone's or app's tagline: everything from it on is not the writer's
const MOBILE_TAGLINE =
  /^(sent from (my )?\S|sent (with|via|using) \S|get outlook for|von meinem .{1,30} gesendet|gesendet (von|mit) (meinem )?\S|envoy[ée] (de|depuis) (mon|ma|l'|outlook)|enviado (desde|con|a trav[ée]s de) (mi )?\S|verzonden (vanaf|met|via) \S|verstuurd (vanaf|met|via) \S|inviato (da|tramite|con) \S|enviado (do|a partir do|pelo|pela|via) \S)/i;

// A closing on its own line ("Best,", "Mit freundlichen Grüßen", "Cordialement", "Un saludo, Ana"):
// what follows it is a signature when it is short.
const CLOSING =
  /^(best|best regards|best wishes|kind regards|warm regards|warmest regards|regards|many thanks|thanks|thank you|thanks again|thx|cheers|all the best|sincerely|yours sincerely|yours|br|rgds|talk soon|mit freundlichen gr(ü|u|ue)(ß|ss)en|freundliche gr(ü|u|ue)(ß|ss)e|viele gr(ü|u|ue)(ß|ss)e|beste gr(ü|u|ue)(ß|ss)e|liebe gr(ü|u|ue)(ß|ss)e|herzliche gr(ü|u|ue)(ß|ss)e|gr(ü|u|ue)(ß|ss)e|mfg|vg|lg|besten dank|vielen dank|danke|cordialement|bien cordialement|bien [àa] vous|sinc[èe]res salutations|salutations|bonne journ[ée]e|merci|merci beaucoup|saludos|un saludo|saludos cordiales|atentamente|cordialmente|gracias|muchas gracias|met vriendelijke groet(en)?|vriendelijke groet(en)?|hartelijke groet(en)?|groet(en|jes)?|mvg|dank je( wel)?|bedankt|cordiali saluti|distinti saluti|saluti|un saluto|grazie|grazie mille|atenciosamente|abra[çc]os?|abs|obrigad[oa]|cumprimentos|melhores cumprimentos)\b[\s,.!]*(.*)$/iu;
// what may stand after a closing on its line: a name of up to three words ("Best, Ana María")
const NAME_AFTER_CLOSING = /^([\p{Lu}][\p{L}'.-]*\s*){0,3}$/u;
// a formal letter's closing, a sentence of its own: "Je vous prie d'agréer, Madame, mes salutations
// distinguées.", "Reciba un cordial saludo,", "Hoogachtend,", "Le saluda atentamente,"
const FORMAL_CLOSING =
  /^((je vous prie|nous vous prions|veuillez) d'agr[ée]er\b.{0,120}|(reciba|recibe|reciban) un (cordial|afectuoso) saludo[\s,.!]*|un (cordial|afectuoso) saludo[\s,.!]*|(le|les) saluda (muy )?atentamente[\s,.!]*|hoogachtend[\s,.!]*|met (vriendelijke|hartelijke) groet(en)?[\s,.!]*|com os (melhores |meus )?cumprimentos[\s,.!]*|(voorts|en verder) verblijf ik[^.]*[.,]?)$/iu;
// or the same closing in a second language: "Mit freundlichen Grüßen / Best regards"
const SECOND_CLOSING = /^\/\s*\p{L}[\p{L}\s,.!]{0,30}$/u;
const SIGNATURE_MAX_LINES = 12;
// a line of four or more words that ends like a sentence, or of more than ten words
const SENTENCE = /^(?=(?:\S+\s+){3,}\S+[.!?…]$)|^(?:\S+\s+){10,}\S+/u;
// but a company's register line is none, however long: "Sitz: Bremen | Registergericht: Amtsgericht
// Bremen HRB 45678 | Vorstand: …", "Capital social … RCS Lyon", "P.IVA 01234567890"; nor a company's
// name with its legal form ("Grupo Alentejo Agro, S.A.")
const REGISTER_LINE =
  /\s[|·•]\s|\b(hrb|hra|registergericht|amtsgericht|sitz der gesellschaft|gesch(ä|a)ftsf(ü|u)hr\w*|vorstand|aufsichtsrat\w*|ust-?id\w*|rcs|siret|siren|capital social|kvk|btw|p\.? ?iva|partita iva|codice fiscale|cif|nif|cnpj|registered (in|office)|company (no|number|registration)|vat (no|number|reg\w*))\b|(,\s*|\s)(s\.a|s\.l|ltda|lda|gmbh|ag|n\.v|b\.v|s\.p\.a|s\.r\.l|inc|llc|llp|plc|ltd|sarl|sas|kg|u\.a)\.?$/iu;
// the writer's afterthought below the signature is still theirs
const POSTSCRIPT = /^(p\.?\s?s\.?|pps)\b/i;

// The writer's company's footer and legal disclaimers, in the seven languages: everything from the
// first such sentence on is dropped. Each is a sentence only a mail server or a legal template
// writes, never a person asking to stop ("please unsubscribe me from this list" is not one).
const FOOTER_STARTS: RegExp[] = [
  // company footers
  /you (are|were) receiving this (e-?mail|message|newsletter|communication)? ?because/i,
  /you received this (e-?mail|message) because/i,
  /to unsubscribe from this (list|group|newsletter|mailing list)/i,
  /(if you (no longer|don't|do not) wish to receive|to stop receiving) (these |our |such |further )?(e-?mails|emails|messages|communications)( from us)?/i,
  /this (e-?mail|message) was sent (to .{1,60} )?by\b/i,
  /sie erhalten diese (e-?mail|nachricht|mail), (weil|da)/i,
  /vous recevez (ce|cet) (e-?mail|email|message|courriel) (car|parce)/i,
  /(recibe|recibes|has recibido|ha recibido) este (correo|mensaje|e-?mail) (porque|por)/i,
  /u ontvangt (deze|dit) (e-?mail|bericht|mail) (omdat|want)/i,
  /(ricevi|riceve|hai ricevuto|ha ricevuto) questa (e-?mail|mail|comunicazione) (perch[ée]|in quanto)/i,
  /(voc[êe] )?(est[áa] )?(recebe|recebendo|recebeu) este (e-?mail|email|mensagem) (porque|pois)/i,
  // legal and confidentiality disclaimers
  /this (e-?mail|email|message|communication)( and any (attachments?|files?)( to it)?)? (is|are|may be|contains?) (strictly )?(confidential|privileged|intended)/i,
  /(confidentiality|legal) (notice|disclaimer|warning)\s*[:.-]/i,
  /(?<=^|\n)\s*(disclaimer|aviso de confidencialidade|aviso de confidencialidad|aviso legal|avis de confidentialit[ée]|vertraulichkeitshinweis|avviso di riservatezza|vertrouwelijkheidsverklaring)\s*[:.-]/i,
  /de informatie (in|verzonden met) (dit|deze) (e-?mail|bericht)/i,
  /the information (contained )?in this (e-?mail|email|message|communication)( and any attachments?)? (is|are|may be) (strictly )?(confidential|privileged|intended)/i,
  /if you (are not the (intended )?(recipient|addressee)|have received this (e-?mail|message) in error|received this (e-?mail|message) in error)/i,
  /please consider the environment before printing/i,
  // a ticket's reference under a shared inbox's signature ("Please quote this reference in any
  // further correspondence")
  /please quote (this|our|the|your) (reference|ref|ticket|case)( number)?\b/i,
  /diese (e-?mail|nachricht|mail)( und (alle|etwaige|s[äa]mtliche|ihre) anh[äa]nge)? (enth[äa]lt|ist) (vertrauliche|vertraulich)/i,
  /wenn sie nicht der (richtige|beabsichtigte) (adressat|empf[äa]nger)/i,
  /(ce|cet) (message|e-?mail|courriel)( et (toutes |les |ses |leurs )*pi[èe]ces jointes)? (est|sont|peut contenir|contient|contiennent) (strictement )?(confidenti|priv|destin)/i,
  /si vous (n'[êe]tes pas|avez re[çc]u ce (message|courriel) par erreur)/i,
  /este (mensaje|correo|e-?mail)( electr[óo]nico)?( y (sus|cualquier) (archivos|anexos|adjuntos)( adjuntos)?)? (es|son|contiene|puede contener|va dirigido) (confidencial|informaci[óo]n confidencial|privad|exclusivamente)/i,
  /si (usted )?(no es el destinatario|ha recibido este (mensaje|correo) por error)/i,
  /(dit|deze) (e-?mail|bericht)( en (eventuele|de|alle) bijlagen)? (is|zijn|kan|bevat) (uitsluitend |strikt )?(vertrouwelijk|bestemd)/i,
  /indien u (niet de (beoogde )?geadresseerde|dit bericht (ten onrechte|per abuis|onterecht) (heeft )?ontvangen)/i,
  /questo (messaggio|e-?mail|email)( e (i suoi|gli eventuali|tutti gli) allegati)? (e|è|sono|contiene|contengono|pu[oò] contenere|possono contenere) (informazioni )?(riservat|confidenzial|destinat|strettamente)/i,
  /le informazioni contenute in questo (messaggio|e-?mail)/i,
  /se (avete|ha|hai) ricevuto questo (messaggio|e-?mail) per errore/i,
  /esta (mensagem|e-?mail)( e (seus|quaisquer) anexos)? (e|é|s[ãa]o|cont[ée]m|pode conter|podem conter) (informa[çc][ãa]o |informa[çc][õo]es )?(confidencia|destinad|privad|sigilos)/i,
  /se (voc[êe] )?(n[ãa]o ([ée] o|for o) destinat[áa]rio|recebeu esta mensagem por engano)/i,
];

/** Drops the quoted original: ">" lines, quote headers, Outlook's original-message blocks. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] ?? "").trim();
    // a header may wrap onto the next line ("On Tue, … Justin Avery <\njustin@x> wrote:")
    if (QUOTE_HEADER.test(l) || QUOTE_HEADER.test(`${l} ${(lines[i + 1] ?? "").trim()}`)) break;
    if (ORIGINAL_MESSAGE.test(l) || /^_{10,}$/.test(l)) break;
    if (FROM_LINE.test(l) && lines.slice(i + 1, i + 5).some((n) => HEADER_LINE.test(n.trim()))) break;
    if (/^(--|__)\s*$/.test(l)) break;
    if (l.startsWith(">")) continue;
    out.push(lines[i] ?? "");
  }
  return out.join("\n");
}

/** The index in `text` where a footer or disclaimer starts (at a line or sentence start), or -1. */
function footerStart(text: string): number {
  let first = -1;
  for (const p of FOOTER_STARTS) {
    const global = new RegExp(p.source, p.flags.includes("g") ? p.flags : `${p.flags}g`);
    for (const m of text.matchAll(global)) {
      const at = m.index ?? 0;
      // a footer starts a line or a sentence; mid-sentence it is the writer quoting one (what
      // stands before it read in a bounded window: the whole text before each match was quadratic)
      const before = text.slice(Math.max(0, at - 200), at);
      const starts = at <= 200 ? /(^|\n|[.!?:)\]*]\s+|^\s*[*-]+\s*)$/ : /(\n|[.!?:)\]*]\s+)$/;
      if (!starts.test(before)) continue;
      if (first < 0 || at < first) first = at;
      break;
    }
  }
  return first;
}

/** Drops signatures, taglines, footers and disclaimers from a text without its quoted original. */
export function stripSignature(text: string): string {
  let body = text;
  const cut = footerStart(body);
  if (cut >= 0) body = body.slice(0, cut);
  const lines = body.split("\n");
  // per line, from the end: the next postscript line, and the non-empty lines before it (linear,
  // so a hostile mail of thousands of "Best," lines costs one pass)
  const nextPs: number[] = new Array(lines.length + 1).fill(-1);
  const filledUntil: number[] = new Array(lines.length + 1).fill(0);
  // a sentence under a closing ("Thanks!\n\nPlease remove me from your list.") is the writer's,
  // not a signature: a signature line is a name, a title, a number, never a sentence
  const sentencesUntil: number[] = new Array(lines.length + 1).fill(0);
  for (let i = lines.length - 1; i >= 0; i--) {
    const r = (lines[i] ?? "").trim();
    const ps = POSTSCRIPT.test(r);
    nextPs[i] = ps ? i : (nextPs[i + 1] ?? -1);
    filledUntil[i] = ps ? 0 : (filledUntil[i + 1] ?? 0) + (r === "" ? 0 : 1);
    const sentence = SENTENCE.test(r) && !REGISTER_LINE.test(r);
    sentencesUntil[i] = ps ? 0 : (sentencesUntil[i + 1] ?? 0) + (sentence ? 1 : 0);
  }
  const out: string[] = [];
  let own = false;
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] ?? "").trim();
    if (MOBILE_TAGLINE.test(l)) break;
    // a closing after the writer's own words, with a short block under it: the signature
    const closing = own ? CLOSING.exec(l) : null;
    const after = closing?.[closing.length - 1] ?? "";
    if (
      (closing && (NAME_AFTER_CLOSING.test(after) || SECOND_CLOSING.test(after))) ||
      (own && FORMAL_CLOSING.test(l))
    ) {
      if ((filledUntil[i + 1] ?? 0) <= SIGNATURE_MAX_LINES && (sentencesUntil[i + 1] ?? 0) === 0) {
        const ps = nextPs[i + 1] ?? -1;
        if (ps >= 0) out.push(...lines.slice(ps));
        break;
      }
    }
    out.push(lines[i] ?? "");
    if (l !== "") own = true;
  }
  return out.join("\n").trim();
}

/** The writer's own words: the quoted original, signatures, footers and disclaimers removed. */
export function stripReply(text: string): string {
  // a text of blanks has no words: answered without splitting it into lines (50,000 blank lines made
  // 50,000 strings, whose collection under load read as 21x the time for 10x the text)
  if (!/\S/.test(text)) return "";
  return stripSignature(stripQuoted(text));
}
