// A reply's own words and the quoted original under them, for the triage view (issue 56 item 2:
// "the reply text with the quoted original folded"). Pure. The first line that opens a quote (a
// client's "On … wrote:" header in the seven languages, Outlook's "-----Original Message-----" or
// "From:" block, or a run of "> " lines to the end) starts the quoted part.
import { REPLY_READ_LIMIT } from "../../replies/index.ts";

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

/**
 * Folds the first REPLY_READ_LIMIT characters of the reply (`fullLength`: the stored message's, when
 * `text` is already its start) (the rest of a longer message is stored,
 * not shown: a line says how much). Linear in what it reads (issue 73 item 4): whether the quoted
 * lines run to the end is known for every line from one pass backwards, where it was asked again
 * at each quoted line (16 s on a 1 MB reply, 6 s on 12,500 quoted lines).
 */
export function foldQuoted(text: string, fullLength = text.length): FoldedReply {
  const cut = fullLength > REPLY_READ_LIMIT;
  const read = text.slice(0, REPLY_READ_LIMIT).replace(/\r\n?/g, "\n");
  // where each line starts (and one past the last line's end), in a typed array, not an array of the
  // lines: past about 16,000 elements a JS array cost V8 five to nine times as much an element, so
  // 10x the text of blank lines read 20x the time (CI's hostile-text test failed on it)
  const starts = new Int32Array(read.length + 2);
  let count = 1;
  for (let e = read.indexOf("\n"); e >= 0; e = read.indexOf("\n", e + 1)) starts[count++] = e + 1;
  starts[count] = read.length + 1;
  const line = (i: number) => read.slice(starts[i]!, starts[i + 1]! - 1).trim();
  // quotedToEnd[i]: every line from i on is blank or quoted
  const quotedToEnd = new Uint8Array(count + 1);
  quotedToEnd[count] = 1;
  for (let i = count - 1; i >= 0; i--) {
    const t = line(i);
    quotedToEnd[i] = quotedToEnd[i + 1] === 1 && (t === "" || t.startsWith(">")) ? 1 : 0;
  }
  let at = -1;
  for (let i = 0; i < count && at < 0; i++) {
    const t = line(i);
    if (
      QUOTE_HEADER.test(t) ||
      ORIGINAL.test(t) ||
      (FROM_BLOCK.test(t) && [i + 1, i + 2, i + 3].some((n) => n < count && NEXT_HEADER.test(line(n)))) ||
      // a run of quoted lines that goes to the end (blank lines allowed)
      (t.startsWith(">") && quotedToEnd[i] === 1)
    )
      at = i;
  }
  const more = cut
    ? `\n\n[${(fullLength - REPLY_READ_LIMIT).toLocaleString("en")} more characters not shown]`
    : "";
  if (at < 0) return { own_text: text.slice(0, REPLY_READ_LIMIT).trim() + more, quoted_text: null };
  const own = read.slice(0, starts[at]).trim();
  const quoted = read.slice(starts[at]).trim();
  return { own_text: own, quoted_text: quoted ? quoted + more : more.trim() || null };
}
