// How a reply was read, in words a person reads (issue 72 item 4: the reply detail showed the
// classifier's internals, "rules:reject.explicit+model:interested"). From what every stored reading
// keeps (its intent, how sure, which reader decided): what the reply says, whether Baton may act on
// it alone, and why not when the readers disagree.
import { AUTOMATION_THRESHOLDS } from "./automation.ts";
import { REPLY_INTENTS, type ReplyIntent } from "./classifier.ts";
import { replyAsksQuestion } from "./rule-classifier.ts";

const SAYS: Record<ReplyIntent, string> = {
  interested: "a yes: interested",
  meeting: "a yes to a meeting",
  not_interested: "a no",
  unsubscribe: "a request to stop",
  out_of_office: "an absence (out of office)",
  later: "not now: try again later",
  referral: "someone else named to talk to",
  other: "nothing Baton recognises",
};

const isIntent = (x: string): x is ReplyIntent => (REPLY_INTENTS as readonly string[]).includes(x);
const says = (i: string) => (isIntent(i) ? SAYS[i] : i.replaceAll("_", " "));

/** One or two sentences: what the reply says, and why a person decides (or that Baton may act). */
export function readingInWords(r: {
  intent: string;
  confidence: number;
  by: string;
  stop_signal?: boolean;
  /** the reply's text: a positive reading whose words ask something is not a yes (replyAsksQuestion) */
  text?: string;
}): string {
  const by = r.by ?? "";
  const asks = asksAlone(r);
  if (by.startsWith("person")) return `A person read it as ${says(r.intent)}.`;
  if (by.startsWith("rfc3834")) return "An automatic reply (its headers say so): read as an absence.";
  const what = by.includes("data_request.erasure")
    ? "a request to delete their data (a data-protection request)"
    : by.includes("data_request.access")
      ? "a request to see the data held on them (a data-protection request)"
      : by.includes("covering_inbox")
        ? `${says(r.intent)}, written by someone covering the inbox`
        : by.includes("sarcasm")
          ? `${says(r.intent)} (a yes said in irony)`
          : asks
            ? `${r.intent === "meeting" ? "interest in a meeting" : "interest"}, with a question to answer`
            : says(r.intent);
  const model = /\+model:([a-z_]+)/.exec(by)?.[1];
  const why: string[] = [];
  // a stop the model read otherwise is honoured all the same (combined-classifier.ts)
  if (by.includes(":stop_stands"))
    why.push(`the model read it as ${says(model ?? "")}, but a stop is always honoured`);
  else if (by.includes(":meeting_stands"))
    why.push("the model read the address or link as a referral, but one to book a time is a meeting");
  else if (model && model !== "agrees" && model !== "unsure")
    why.push(`the model read it as ${says(model)}, so a person decides`);
  if (by.includes("rules:none")) why.push("no wording Baton knows matched");
  if (r.stop_signal && r.intent !== "unsubscribe") why.push("it may ask to stop");
  if (by.includes("covering_inbox"))
    why.push("what a colleague writes is a person's reply, so a person reads it");
  if (asks) why.push("a question is not a yes, so a person answers it");
  const threshold = isIntent(r.intent) ? AUTOMATION_THRESHOLDS[r.intent] : null;
  const sure = threshold !== null && r.confidence >= threshold;
  const pct = `${Math.round(r.confidence * 100)}% sure`;
  const lead = `Read as ${what} (${pct}${by.startsWith("llm") ? ", by the language model" : ""}).`;
  if (why.length) return `${lead} ${capital(why.join("; "))}.`;
  return sure ? lead : `${lead} Not sure enough for Baton to act alone.`;
}

/** A positive reading whose words ask something: never acted on alone (automation.ts). */
const asksAlone = (r: { intent: string; text?: string }) =>
  (r.intent === "interested" || r.intent === "meeting") && r.text !== undefined && replyAsksQuestion(r.text);

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
