// The built-in reply classifier (spec 002 process_reply): rule-based, pluggable behind
// ReplyClassifier, measured on a labelled set (labelled-replies.ts, measure-classifier.ts). The
// quoted original message is removed first, in any of the languages' quote headers: our own email
// (and its unsubscribe footer) must not decide the intent. The rules and what wins when a reply
// says two things are in intent-rules.ts.
import type { Classification, ReplyClassifier } from "./classifier.ts";
import { INTENT_RULES, type IntentRule } from "./intent-rules.ts";
import { negatedAt } from "./negation.ts";
import { extractReturnDate } from "./return-date.ts";

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

/** Drops the quoted original (">" lines, quote headers, Outlook blocks) and signatures. */
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

/** Lower case, accents dropped (ß as ss), typographic quotes as plain ones, whitespace collapsed. */
export function normaliseReply(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/[¿¡]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function hits(rule: IntentRule, t: string): boolean {
  for (const p of rule.patterns) {
    if (!rule.negatable) {
      if (p.test(t)) return true;
      continue;
    }
    const global = new RegExp(p.source, p.flags.includes("g") ? p.flags : `${p.flags}g`);
    for (const m of t.matchAll(global)) {
      const start = m.index ?? 0;
      if (!negatedAt(t, start, start + m[0].length)) return true;
    }
  }
  return (rule.tests ?? []).some((test) => test(t));
}

export function classifyReply(text: string, receivedAt: Date): Classification {
  const own = stripQuoted(text);
  const t = normaliseReply(own);
  for (const rule of INTENT_RULES) {
    if (!hits(rule, t)) continue;
    return {
      intent: rule.intent,
      returnDate: rule.intent === "out_of_office" ? extractReturnDate(own, receivedAt) : null,
      confidence: rule.confidence,
      by: `rules:${rule.id}`,
    };
  }
  return { intent: "other", returnDate: null, confidence: 0.5, by: "rules:none" };
}

export const ruleClassifier: ReplyClassifier = {
  name: "rules",
  async classify(text: string, receivedAt: Date): Promise<Classification> {
    return classifyReply(text, receivedAt);
  },
};
