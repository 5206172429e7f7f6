// What the reply model sees of a reply (issue 56 item 3): the writer's own words only (stripReply:
// our quoted email and its unsubscribe footer must not vote), normalised as the rules read them,
// as words and pairs of adjacent words ("not interested" is not "interested").
import { REPLY_OWN_LIMIT, REPLY_READ_LIMIT } from "./read-limits.ts";
import { normaliseReply, stripReply } from "./rule-classifier.ts";

// mail is hostile: the model reads no more of a reply than the rules do (rule-classifier.ts)
const MAX_INPUT = REPLY_READ_LIMIT;
const MAX_OWN = REPLY_OWN_LIMIT;

/** The features of a reply's own words: each word and each pair of adjacent words, present or not. */
export function replyFeatures(text: string): Record<string, number> {
  const own = stripReply(text.slice(0, MAX_INPUT)).slice(0, MAX_OWN);
  return featuresOfOwnWords(own);
}

export function featuresOfOwnWords(own: string): Record<string, number> {
  const words = normaliseReply(own)
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ""))
    .filter((w) => w.length > 0);
  const features: Record<string, number> = {};
  for (let i = 0; i < words.length; i++) {
    features[words[i]] = 1;
    if (i > 0) features[`${words[i - 1]} ${words[i]}`] = 1;
  }
  return features;
}
