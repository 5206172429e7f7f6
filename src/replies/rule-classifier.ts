// The built-in reply classifier (spec 002 process_reply): rule-based, pluggable behind
// ReplyClassifier, measured on a labelled set (test/fixtures/replies/tuned/labelled-replies.ts; test/replies/
// rule-classifier.test.ts). It
// reads only the writer's own words (strip-reply.ts: quoted original, signatures, footers and
// disclaimers removed): our own email and its unsubscribe footer, and the prospect's own footer,
// must not decide the intent. Every rule is tried; the first in priority order that matched is the
// intent (intent-rules.ts), and the others that matched lower its confidence
// (reading-confidence.ts). Any sign of a stop sets stopSignal (stop-rules.ts).
import { booksThroughAssistant } from "./assistant-booking.ts";
import type { Classification, ReplyClassifier, ReplyIntent } from "./classifier.ts";
import { coveringInbox, urgentOnly } from "./covering-inbox.ts";
import { findDataRequest } from "./data-request.ts";
import { defersToAbsent, isDelay } from "./delay-rules.ts";
import { INTENT_RULES, type IntentRule } from "./intent-rules.ts";
import { extractLaterDate } from "./later-date.ts";
import { saysLeftCompany } from "./left-company.ts";
import { negatedAt } from "./negation.ts";
import { REPLY_OWN_LIMIT, REPLY_READ_LIMIT } from "./read-limits.ts";
import { readingConfidence, sarcastic } from "./reading-confidence.ts";
import { findReferral } from "./referral.ts";
import { asksQuestion } from "./reply-question.ts";
import { extractReturnDate } from "./return-date.ts";
import { hypotheticalAt, STOP_SIGNALS } from "./stop-rules.ts";
import { stripQuoted, stripReply } from "./strip-reply.ts";

export { stripQuoted, stripReply };

// pictographs, their skin tones, joiners and variation selectors; not 🙄 and 😒 (reading-confidence.ts)
const EMOJI = /(?![\u{1F644}\u{1F612}])\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{200D}|\u{FE0F}/gu;

/** Lower case, accents dropped (ß as ss), typographic quotes as plain ones, whitespace collapsed. */
export function normaliseReply(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/ß/g, "ss")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[\u2018\u2019\u02bc`]/g, "'")
      .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
      .replace(/[¿¡]/g, "")
      // emoji carry no words ("No 🙏 grazie", "nope 😅"), but for the two the sarcasm rule reads
      .replace(EMOJI, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

const DAY = 86_400_000;
/** A data-protection request names itself: as sure as a plain unsubscribe. */
const DATA_REQUEST_CONFIDENCE = 0.97;

interface RuleHit {
  rule: IntentRule;
  /** Only weak patterns matched. */
  weak: boolean;
}

// each pattern's global copy, made once: matchAll clones the one it is given, so a copy is shared
// safely (a new copy per pattern per reply was 0.3% of the test suite's CPU, and each reply's)
const globals = new WeakMap<RegExp, RegExp>();
function globalOf(p: RegExp): RegExp {
  let g = globals.get(p);
  if (!g) {
    g = p.flags.includes("g") ? p : new RegExp(p.source, `${p.flags}g`);
    globals.set(p, g);
  }
  return g;
}

/** Whether the rule matches, whether only weakly, and whether a negatable match was negated. */
function match(rule: IntentRule, t: string): { hit: boolean; weak: boolean; negated: boolean } {
  let strong = false;
  let weak = false;
  let negated = false;
  for (const p of rule.patterns) {
    let found = false;
    for (const m of t.matchAll(globalOf(p))) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (rule.negatable && negatedAt(t, start, end)) {
        negated = true;
        continue;
      }
      // a stop mentioned, not asked for: "I almost hit unsubscribe but…"
      if (rule.intent === "unsubscribe" && hypotheticalAt(t, start, end)) continue;
      found = true;
      break;
    }
    if (!found) continue;
    if (rule.weak?.includes(p)) weak = true;
    else strong = true;
  }
  if (!strong && (rule.tests ?? []).some((test) => test(t))) strong = true;
  return { hit: strong || weak, weak: weak && !strong, negated };
}

function stopSignalIn(t: string): boolean {
  return STOP_SIGNALS.some((p) => {
    for (const m of t.matchAll(globalOf(p))) {
      const start = m.index ?? 0;
      if (!hypotheticalAt(t, start, start + m[0].length)) return true;
    }
    return false;
  });
}

/** The rules' reading of a reply, and what they would say of another reading (llm-classifier.ts). */
export interface RuleReading {
  classification: Classification;
  /** The writer's own words (stripReply). */
  own: string;
  /** The same confidence rule for another intent: its competitors are the rules that matched. */
  confidenceFor(intent: ReplyIntent): number;
  /** The date the rules find for an intent that has one (out_of_office, later), or null. */
  dateFor(intent: ReplyIntent): Date | null;
  /** Whom the reply points to, whatever the intent. */
  referral: { name: string | null; email: string | null } | null;
}

export function classifyReply(text: string, receivedAt: Date): Classification {
  return readReply(text, receivedAt).classification;
}

// Mail is hostile: the rules read at most this much of a reply, and of the writer's own words
// (a person's reply is short; a 100 kB body must not cost seconds of regular expressions)
const MAX_INPUT = REPLY_READ_LIMIT;
const MAX_OWN = REPLY_OWN_LIMIT;

/**
 * Whether the reply's own words ask something a person should answer (a price, references, how it
 * works), read as readReply reads them: what a stored reading does not keep, for its words.
 */
export function replyAsksQuestion(text: string): boolean {
  return asksQuestion(normaliseReply(stripReply(text.slice(0, MAX_INPUT)).slice(0, MAX_OWN)));
}

const ruleOf = (intent: ReplyIntent) => INTENT_RULES.find((r) => r.intent === intent) as IntentRule;
// the three rules the concession reads, found once rather than on every reply
const INTEREST_RULE = ruleOf("interested");
const REJECT_RULE = ruleOf("not_interested");
const MEETING_RULE = ruleOf("meeting");
// "interesting, but" in the seven languages: a comma or a dash before it, so that Spanish "más"
// (read "mas") or French "ma" are not taken for one
const CONCESSION =
  /[,;\u2013\u2014-] ?(?:but|however|aber|allerdings|jedoch|mais|cependant|pero|sin embargo|maar|echter|ma|tuttavia|mas|porem|contudo)\b|[.!] (?:but|however|that said|having said that|aber|allerdings|das gesagt|mais|cela dit|cependant|pero|dicho esto|sin embargo|maar|dat gezegd|ma|detto questo|tuttavia|mas|dito isto|porem|contudo)\b/;

/**
 * "Looks interesting, but we're all set": a yes's words, then "but", then a no and nothing positive
 * after it. The no is what the writer decided; the words before it are politeness, so they do not
 * make the no unsure (reading-confidence.ts).
 */
function concedesThenDeclines(t: string): boolean {
  const m = CONCESSION.exec(t);
  if (!m) return false;
  const before = t.slice(0, m.index);
  const after = t.slice(m.index + m[0].length);
  return (
    match(INTEREST_RULE, before).hit &&
    match(REJECT_RULE, after).hit &&
    !match(INTEREST_RULE, after).hit &&
    !match(MEETING_RULE, after).hit
  );
}

export function readReply(text: string, receivedAt: Date): RuleReading {
  const own = stripReply(text.slice(0, MAX_INPUT)).slice(0, MAX_OWN);
  const t = normaliseReply(own);
  const hits: RuleHit[] = [];
  let negatedPositive = false;
  const referral = findReferral(own);
  const laterDate = extractLaterDate(own, receivedAt);
  for (const rule of INTENT_RULES) {
    if (rule.intent === "referral") {
      if (referral) hits.push({ rule, weak: !referral.name && !referral.email });
      continue;
    }
    if (rule.intent === "later") {
      if (isDelay(t, own, receivedAt)) hits.push({ rule, weak: false });
      continue;
    }
    const m = match(rule, t);
    if (m.negated && (rule.intent === "interested" || rule.intent === "meeting")) negatedPositive = true;
    if (m.hit) hits.push({ rule, weak: m.weak });
  }
  // "let's talk Tuesday" is a meeting, not a delay: a delay names a time further off
  const meeting = hits.some((h) => h.rule.intent === "meeting");
  const soon = laterDate !== null && laterDate.getTime() - receivedAt.getTime() < 10 * DAY;
  const positive = hits.some((h) => h.rule.intent === "meeting" || h.rule.intent === "interested");
  // "book a time via my assistant anna@x", a Calendly link: a meeting, not a referral (issue 72)
  const booking = meeting && booksThroughAssistant(t);
  const dataRequest = findDataRequest(t);
  const leftCompany = saysLeftCompany(t);
  // a colleague covering the inbox who says no, or a notice that the person left: what they say is
  // the reply, not an absence to pause on (issue 72)
  const speaks = (i: ReplyIntent) => i === "not_interested" || i === "unsubscribe" || i === "referral";
  const covering = coveringInbox(t);
  // "contact me at lee@… if urgent": the stand-in an absence offers, not a referral they make
  const standIn = covering && urgentOnly(t);
  const colleague =
    covering &&
    hits.some(
      (h) =>
        speaks(h.rule.intent) &&
        // a soft no is still the colleague's own words (its confidence says it is not sure)
        (!h.weak || h.rule.intent === "not_interested") &&
        !(standIn && h.rule.intent === "referral"),
    );
  // the absence's dates are the setting, not a delay the colleague asks for
  const absence = (i: ReplyIntent) => i === "out_of_office" || (colleague && i === "later");
  // "my boss is away until March, I'll discuss it with her then": someone else's absence, and the
  // writer's delay until it ends
  const deferred = !covering && hits.some((h) => h.rule.intent === "later") && defersToAbsent(t);
  const kept = hits
    .filter(
      (h) =>
        !(h.rule.intent === "later" && meeting && (soon || laterDate === null)) &&
        // "my colleague Ana will join the call": a mention, not a referral; nor is the stand-in
        !(h.rule.intent === "referral" && ((positive && !referral?.asked) || booking || standIn)),
    )
    .filter(
      (h) =>
        !(absence(h.rule.intent) && (leftCompany || colleague)) &&
        !(deferred && h.rule.intent === "out_of_office"),
    );

  const stopSignal =
    kept.some((h) => h.rule.intent === "unsubscribe") || stopSignalIn(t) || dataRequest !== null;
  const words = t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const winner = kept[0];
  // a data-protection request is a stop whatever else the reply says (issue 72)
  const read: ReplyIntent = dataRequest ? "unsubscribe" : (winner?.rule.intent ?? "other");
  // "oh great, just what I needed": a yes said in sarcasm is a no, and never a sure one
  const ironic = (read === "interested" || read === "meeting" || read === "other") && sarcastic(t);
  const intent: ReplyIntent = ironic ? "not_interested" : read;
  // someone covering the inbox wrote it, and what they say beyond the absence was not read as a no,
  // a stop or a name: their words are a person's, never an absence to pause on alone (issue 72)
  const covered = covering && !colleague && (intent === "out_of_office" || intent === "later");
  const competitors = [...new Set(kept.slice(1).map((h) => h.rule.intent))].filter((i) => i !== intent);
  // an absence that names no day may name a month or a span ("on parental leave until January",
  // "bis Ende März", "back after the summer"): the delay's reading of it is the first day back
  const dateFor = (i: ReplyIntent) =>
    i === "out_of_office"
      ? (extractReturnDate(own, receivedAt) ?? laterDate)
      : i === "later"
        ? laterDate
        : null;
  const returnDate = dateFor(intent);
  const signals = {
    negatedPositive,
    concessive: concedesThenDeclines(t),
    words,
    question: t.includes("?"),
    namesTime: laterDate !== null && !colleague,
    stopSignal,
    normalised: t,
  };
  const confidence = readingConfidence({
    ...signals,
    intent: read,
    competitors,
    hasDate: returnDate !== null,
    weak: winner?.weak ?? false,
  });
  const named = referral ? { name: referral.name, email: referral.email } : null;
  const classification: Classification = {
    intent,
    returnDate,
    confidence: dataRequest
      ? DATA_REQUEST_CONFIDENCE
      : winner
        ? ironic || covered
          ? Math.min(confidence, 0.6)
          : confidence
        : Math.min(confidence, 0.5),
    by: dataRequest
      ? `rules:data_request.${dataRequest}`
      : ironic
        ? `rules:sarcasm${winner ? ` (${winner.rule.id})` : ""}`
        : covered && winner
          ? `rules:covering_inbox (${winner.rule.id})`
          : winner
            ? `rules:${winner.rule.id}`
            : "rules:none",
    referral: intent === "referral" ? named : null,
    stopSignal,
    dataRequest,
    leftCompany,
    successor: leftCompany ? named : null,
    asksQuestion: asksQuestion(t),
    ...(covering ? { coveringInbox: true } : {}),
  };
  return {
    classification,
    own,
    dateFor,
    referral: referral ? { name: referral.name, email: referral.email } : null,
    confidenceFor(other: ReplyIntent): number {
      const hit = kept.find((h) => h.rule.intent === other);
      return readingConfidence({
        ...signals,
        intent: other,
        competitors: [...new Set(kept.map((h) => h.rule.intent))].filter((i) => i !== other),
        hasDate: dateFor(other) !== null,
        weak: hit ? hit.weak : false,
      });
    },
  };
}

export const ruleClassifier: ReplyClassifier = {
  name: "rules",
  async classify(text: string, receivedAt: Date): Promise<Classification> {
    return classifyReply(text, receivedAt);
  },
};
