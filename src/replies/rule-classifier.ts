// The built-in reply classifier (spec 002 process_reply): rule-based, pluggable behind
// ReplyClassifier, tested on a labelled set (labelled-replies.ts). The quoted original message is
// removed first: our own email (and its unsubscribe footer) must not decide the intent.
// Order matters and says what wins when a reply says two things:
//   unsubscribe (a compliance request always wins) → out_of_office (auto-replies) →
//   not_interested → meeting → interested → other.
import type { Classification, ReplyClassifier, ReplyIntent } from "./classifier.ts";
import { extractReturnDate } from "./return-date.ts";

interface Rule {
  intent: ReplyIntent;
  id: string;
  confidence: number;
  patterns: RegExp[];
}

const RULES: Rule[] = [
  {
    intent: "unsubscribe",
    id: "unsubscribe.request",
    confidence: 0.95,
    patterns: [
      /\bunsubscribe\b/,
      /\bremove (me|us|my (e-?mail|address|name))\b/,
      /\btake (me|us|my (e-?mail|address|name)) off\b/,
      /\bstop (e-?mailing|emailing|contacting|sending|messaging|reaching out)\b/,
      /\b(do not|don't|dont|never) (contact|email|e-mail|message) (me|us) again\b/,
      /\b(do not|don't) (contact|email|e-mail|message) me\b/,
      /\bopt(ing)?[- ]?out\b/,
      /\bno (more|further) (e-?mails|emails|messages|contact)\b/,
      /\bgdpr\b.*\b(delete|erase|erasure|remove)\b/,
      /\b(delete|erase) (my|all my) (data|details|information)\b/,
    ],
  },
  {
    intent: "out_of_office",
    id: "ooo.autoreply",
    confidence: 0.9,
    patterns: [
      /\bout of (the )?office\b/,
      /\booo\b/,
      /\b(automatic|auto)[- ]?(reply|response)\b/,
      /\bon (annual |parental |maternity |paternity |medical |sick |holiday |vacation )?leave\b/,
      /\b(currently|presently) (away|out|travel(l)?ing|on (vacation|holiday|leave|pto))\b/,
      /\bi('m| am) (away|out|on (vacation|holiday|pto|leave))\b.*\b(until|till|through|back|return)/,
      /\blimited access to (my )?(e-?mail|email|messages)\b/,
      /\baway from (my desk|the office|email)\b/,
      /\bi will (be )?(respond|reply|get back to you) (to your (e-?mail|message) )?(up)?on my return\b/,
    ],
  },
  {
    intent: "not_interested",
    id: "reject.explicit",
    confidence: 0.85,
    patterns: [
      /\bnot (really |currently |at all )?interested\b/,
      /\b(no|not) (right now|at this time|for us)\b.*\b(thanks|thank you)\b/,
      /\bno,? thanks?\b/,
      /\bno thank you\b/,
      /\b(thanks|thank you),? but no\b/,
      /\bfocus(ing)? (our )?(spend|budget|resources|efforts) elsewhere\b/,
      /\bnot (a |the right )?(good )?fit\b/,
      /\bnot a priority\b/,
      /\b(we're|we are|i'm|i am) (all set|good|covered)\b/,
      /\balready (have|work with|use|signed with|committed to)\b/,
      /\b(no|don't have( the)?|zero) budget\b/,
      /\b(we'll|we will|i'll|i will|going to|gonna) pass\b/,
      /\bdecided (not to|against)\b/,
      /\bnot moving forward\b/,
      /\bnot something we('re| are) (looking|interested)\b/,
      /\bplease (don't|do not) follow up\b/,
      /\b(we|i) (have|'ve) decided to go (with|in) (another|a different)\b/,
    ],
  },
  {
    intent: "meeting",
    id: "meeting.scheduling",
    confidence: 0.85,
    patterns: [
      /\b(let's|lets|let us|happy to|glad to|can we|could we|we should|love to|like to|want to) (set up|setup|schedule|book|find|grab|hop on|jump on|get on|have) (a |some )?(time|call|meeting|chat|demo|slot|15|30|20)/,
      /\b(send|share) (me |over )?(a |your )?(calendar|calendly|booking) (invite|link)\b/,
      /\b(send|share) (me |over )?(some|a few) (times|slots)\b/,
      /\b(calendar invite|calendly|booking link|meeting invite)\b/,
      /\bhow (about|does) (mon|tues|wednes|thurs|fri)day\b/,
      /\bhow about (a |an )?(quick |short )?(call|meeting|chat|zoom)\b/,
      /\b(call|meeting|chat) (on |this |next )(mon|tues|wednes|thurs|fri)(day)?\b/,
      /\b(are you|is your team) (free|available)\b/,
      /\bi('m| am) (free|available) (on |this |next )?(mon|tues|wednes|thurs|fri|tomorrow|next)/,
      /\bworks for me\b.*\b(call|meeting|\d{1,2}(:\d{2})? ?(am|pm)|mon|tues|wednes|thurs|fri)/,
      /\b(booked|grabbed|picked) a (time|slot)\b/,
      /\blet's (talk|meet|connect) (on|next|this|tomorrow|monday|tuesday|wednesday|thursday|friday)\b/,
    ],
  },
  {
    intent: "interested",
    id: "interest.positive",
    confidence: 0.75,
    patterns: [
      /\b(i'm|i am|we're|we are|definitely|very|quite) interested\b/,
      /\binterested in (learning|hearing|seeing|the|this|your|joining|membership)\b/,
      /\btell me more\b/,
      /\b(send|share) (me |us )?(over )?(more (info|information|details)|the (deck|details|pricing|proposal|one-pager)|pricing)\b/,
      /\bwhat (does|would) (it|this|membership|pricing) (cost|look like)\b/,
      /\bsounds (good|great|interesting|promising)\b/,
      /\b(would|i'd|we'd) love to (learn|hear|see|know) more\b/,
      /\bkeen to (learn|hear|explore|see)\b/,
      /\bthis is (great|helpful|exactly what)\b/,
      /\bloop(ing)? in\b.*\b(to (discuss|review|evaluate)|who (owns|handles|runs))\b/,
      /\b(forwarded|forwarding|shared) (this|it) (to|with) (my|our) (boss|ceo|cmo|team|manager)\b/,
      /\byes,? please\b/,
      /\bcount (me|us) in\b/,
    ],
  },
];

/** Drops the quoted original (lines starting ">", "On … wrote:", Outlook headers) and signatures. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    const l = line.trim();
    if (/^on .{3,200}wrote:?$/i.test(l)) break;
    if (/^-{2,}\s*(original message|forwarded message)\s*-{2,}$/i.test(l)) break;
    if (/^from:\s.+/i.test(l) && out.length > 0) break;
    if (/^(--|__)\s*$/.test(l)) break;
    if (l.startsWith(">")) continue;
    out.push(line);
  }
  return out.join("\n");
}

function normalise(text: string): string {
  return stripQuoted(text)
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

export function classifyReply(text: string, receivedAt: Date): Classification {
  const t = normalise(text);
  for (const rule of RULES) {
    const hit = rule.patterns.find((p) => p.test(t));
    if (!hit) continue;
    return {
      intent: rule.intent,
      returnDate: rule.intent === "out_of_office" ? extractReturnDate(stripQuoted(text), receivedAt) : null,
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
