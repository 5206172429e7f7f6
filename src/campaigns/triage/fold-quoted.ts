// A reply's own words and the quoted original under them, for the triage view (issue 56 item 2:
// "the reply text with the quoted original folded"). Pure. The first line that opens a quote (a
// client's "On … wrote:" header in the seven languages, Outlook's "-----Original Message-----" or
// "From:" block, or a run of "> " lines to the end) starts the quoted part.
const QUOTE_HEADER =
  /^(on|am|le|el|op|il|em)\s.{3,250}\s(wrote|schrieb|a [eé]crit|escribi[oó]|schreef|geschreven|ha scritto|escreveu)\s*.{0,120}:\s*$/i;
const ORIGINAL = /^-{2,}\s*[\p{L} ']{4,40}\s*-{2,}$/u;
const FROM_BLOCK = /^(from|von|de|van|da)\s*:\s*\S/i;
const NEXT_HEADER =
  /^(sent|date|gesendet|datum|envoy[ée]|enviado|fecha|verzonden|inviato|data|to|an|subject|betreff|objet|asunto|onderwerp|oggetto|assunto)\s*:/i;

export interface FoldedReply {
  own_text: string;
  quoted_text: string | null;
}

export function foldQuoted(text: string): FoldedReply {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const at = lines.findIndex((l, i) => {
    const t = l.trim();
    if (QUOTE_HEADER.test(t) || ORIGINAL.test(t)) return true;
    if (FROM_BLOCK.test(t) && lines.slice(i + 1, i + 4).some((n) => NEXT_HEADER.test(n.trim()))) return true;
    // a run of quoted lines that goes to the end (blank lines allowed)
    return t.startsWith(">") && lines.slice(i).every((n) => n.trim() === "" || n.trim().startsWith(">"));
  });
  if (at < 0) return { own_text: text.trim(), quoted_text: null };
  const own = lines.slice(0, at).join("\n").trim();
  const quoted = lines.slice(at).join("\n").trim();
  return { own_text: own, quoted_text: quoted || null };
}
