// A labelled set of realistic replies to outreach (spec 002 process_reply: "the built-in classifier
// is rule-based and tested on a labelled set"). Each has the intent a person would give it and, for
// out-of-office replies that state one, the return date. Received on Wednesday 2026-02-25 unless
// a case says otherwise. Several quote our original email, unsubscribe footer included, to show
// that only the new text decides. LABELLED_REPLIES is this English set and those of the other
// languages prospects write in (issue 35: English, German, French, Spanish, Dutch, Italian,
// Portuguese), each in its own file.
import { LABELLED_REPLIES_CHECK } from "./labelled-replies-check.ts";
import { LABELLED_REPLIES_DE } from "./labelled-replies-de.ts";
import { LABELLED_REPLIES_EN } from "./labelled-replies-en.ts";
import { LABELLED_REPLIES_ES } from "./labelled-replies-es.ts";
import { LABELLED_REPLIES_FINAL } from "./labelled-replies-final.ts";
import { LABELLED_REPLIES_FR } from "./labelled-replies-fr.ts";
import { LABELLED_REPLIES_HARD_EN_DE_FR } from "./labelled-replies-hard-en-de-fr.ts";
import { LABELLED_REPLIES_HARD_ES_NL_IT_PT } from "./labelled-replies-hard-es-nl-it-pt.ts";
import { LABELLED_REPLIES_HOLDOUT } from "./labelled-replies-holdout.ts";
import { LABELLED_REPLIES_IT } from "./labelled-replies-it.ts";
import { LABELLED_REPLIES_NL } from "./labelled-replies-nl.ts";
import { LABELLED_REPLIES_PROBE } from "./labelled-replies-probe.ts";
import { LABELLED_REPLIES_PROBE_2 } from "./labelled-replies-probe-2.ts";
import { LABELLED_REPLIES_PROBE_3 } from "./labelled-replies-probe-3.ts";
import { LABELLED_REPLIES_PROBE_4 } from "./labelled-replies-probe-4.ts";
import { LABELLED_REPLIES_PROBE_5 } from "./labelled-replies-probe-5.ts";
import { LABELLED_REPLIES_PT } from "./labelled-replies-pt.ts";
import { LABELLED_REPLIES_UNTOUCHED } from "./labelled-replies-untouched.ts";
import type { LabelledReply } from "./labelled-reply.ts";

export { LABELLED_RECEIVED_AT, type LabelledReply } from "./labelled-reply.ts";

const QUOTE = `

On Tue, Feb 24, 2026 at 9:02 AM Justin Avery <justin@b2bea.example> wrote:
> Hi there,
> Quick follow-up on our conversation about B2BEA membership. Would you be interested in seeing
> how peers like yours use the community to build pipeline?
> Justin
> Not interested? Unsubscribe: https://baton.example/u/v1.abc.def`;

const OUTLOOK_QUOTE = `

-----Original Message-----
From: Justin Avery <justin@b2bea.example>
Sent: Monday, February 23, 2026 4:10 PM
Subject: Your first 90 days of content, planned
Let's set up a call to walk through it. If you'd rather not hear from us, unsubscribe here.`;

const ENGLISH: LabelledReply[] = [
  { text: "Happy to talk, how about a call on Tuesday?", intent: "meeting" },
  {
    text: "Sure, worth a conversation. How about a quick call next week? Thursday afternoon is open for me.",
    intent: "meeting",
  },
  // interested
  {
    intent: "interested",
    text: `Hi Justin,\n\nThis is timely - we've been talking internally about how to get in front of more mid-market buyers. Can you send over the pricing and what's included in the membership?\n\nThanks,\nPriya${QUOTE}`,
  },
  {
    intent: "interested",
    text: "Sounds interesting. Tell me more about who else from the distribution space is already a member.",
  },
  {
    intent: "interested",
    text: `Justin - I'm interested. I forwarded this to my CMO as well since she owns the events budget.\n\nBest,\nMarco`,
  },
  {
    intent: "interested",
    text: "Thanks for the report mock-up, that looks great. What does membership cost for a team of our size?",
  },
  {
    intent: "interested",
    text: "We'd love to learn more about the content calendar piece. Our marketing team is two people so anything that takes work off their plate is welcome.",
  },
  {
    intent: "interested",
    text: `Yes please - send me the deck and I'll review it with the team this week.${OUTLOOK_QUOTE}`,
  },
  {
    intent: "interested",
    text: "Very interested in the ICP overlap numbers. Are those members actively buying or just in the community?",
  },
  {
    intent: "interested",
    text: "Keen to hear more. I've shared this with my boss and he asked what the ROI looked like for other members.",
  },
  {
    intent: "interested",
    text: "Count us in for the report if there's still space. What do you need from us?",
  },
  {
    intent: "interested",
    text: "Hey, sounds good to me in principle. Can you share more details on the deliverables so I can take it to finance?",
  },
  // meeting
  { intent: "meeting", text: "Happy to set up a call. How about Thursday at 2pm ET?" },
  {
    intent: "meeting",
    text: `Justin,\n\nThanks for following up. Let's schedule 30 minutes next week - send me a calendar invite for whatever works on your end.\n\nRegards,\nAnne Müller\nHead of Marketing${QUOTE}`,
  },
  {
    intent: "meeting",
    text: "Can we find time for a quick chat? I'm free on Tuesday afternoon or Wednesday morning.",
  },
  { intent: "meeting", text: "Just booked a slot through your Calendly for Friday. Talk then!" },
  { intent: "meeting", text: "Tuesday 10am works for me for the call. I'll bring our head of demand gen." },
  {
    intent: "meeting",
    text: "Could we set up a meeting with my VP before the end of the month? She'll want to hear the pitch directly.",
  },
  {
    intent: "meeting",
    text: "Interested! Can you send a few times next week? Would like to hop on a call with you and Sarah.",
  },
  { intent: "meeting", text: "Let's talk on Monday. Are you available at 11?" },
  {
    intent: "meeting",
    text: "Would love to grab time with you to go through the 90-day calendar. Share your booking link?",
  },
  {
    intent: "meeting",
    text: `Sure - send over a meeting invite for the 4th, any time after 1pm PT.${OUTLOOK_QUOTE}`,
  },
  // not interested
  { intent: "not_interested", text: `Hi Justin, thanks but we're not interested at this time.${QUOTE}` },
  {
    intent: "not_interested",
    text: "We already work with another association for our events, so we'll pass for now.",
  },
  { intent: "not_interested", text: "No thanks. Good luck with the report." },
  {
    intent: "later",
    returnDate: "2027-01-01",
    text: "Appreciate the persistence, but this isn't a priority for us this year. There's no budget for memberships until 2027.",
  },
  {
    intent: "not_interested",
    text: "Thanks for the info. After discussing with the team we've decided not to move ahead with a membership.",
  },
  { intent: "not_interested", text: "We're all set on the marketing side, thank you." },
  {
    intent: "not_interested",
    text: "Honestly this is not a fit for a company our size. Please don't follow up.",
  },
  {
    intent: "not_interested",
    text: "We have decided to go with a different partner this year. Thanks for your time, Justin.",
  },
  {
    intent: "not_interested",
    text: "Not really interested in sponsoring. We stopped doing paid community programs last year.",
  },
  {
    intent: "not_interested",
    text: `Thank you, but no. We're focusing our spend elsewhere.\n\n--\nKaren Liu | VP Growth\nLet's set up a call? Not with me :)`,
  },
  // unsubscribe
  { intent: "unsubscribe", text: "Please remove me from your mailing list." },
  { intent: "unsubscribe", text: "Unsubscribe" },
  { intent: "unsubscribe", text: `Stop emailing me. I've never signed up for any of this.${QUOTE}` },
  { intent: "unsubscribe", text: "Take me off your list please, and don't contact me again." },
  { intent: "unsubscribe", text: "Not interested. Remove my email from your database." },
  { intent: "unsubscribe", text: "Under GDPR I'm asking you to delete my data and stop contacting me." },
  { intent: "unsubscribe", text: "I'd like to opt out of all future communications from B2BEA." },
  { intent: "unsubscribe", text: "Please stop sending these. No more emails." },
  // out of office
  {
    intent: "out_of_office",
    returnDate: "2026-03-03",
    text: "Thank you for your email. I am out of the office and will be back on March 3. For urgent matters please contact marketing@northwind.example.",
  },
  {
    intent: "out_of_office",
    returnDate: "2026-12-01",
    receivedAt: "2026-11-20T08:00:00Z",
    text: "Automatic reply: I'm currently on parental leave, returning 2026-12-01. During this time please reach out to Tom Becker (tom.becker@acme.example).",
  },
  {
    intent: "out_of_office",
    returnDate: "2026-03-02",
    text: "I'm out of office until Monday with limited access to email. I'll respond when I'm back.",
  },
  {
    intent: "out_of_office",
    returnDate: null,
    text: "Hello, I am currently travelling with limited access to email. I will respond to your message on my return.",
  },
  {
    intent: "out_of_office",
    returnDate: "2026-03-09",
    text: `Auto-reply: Out of the office from Feb 23 until Mar 9. Your email will not be forwarded.${QUOTE}`,
  },
  {
    intent: "out_of_office",
    returnDate: "2026-02-28",
    text: "OOO - I'm on vacation through Friday. For anything urgent, ping my colleague Dev at dev@shopbase.example.",
  },
  {
    intent: "out_of_office",
    returnDate: "2026-04-14",
    text: "I am on annual leave from 20 February until 14 April 2026 and will have no access to email. For urgent enquiries contact office@hansen.example.",
  },
  {
    intent: "out_of_office",
    returnDate: "2026-02-26",
    text: "Automatic reply: Away from my desk today at an offsite. Back in the office tomorrow.",
  },
  {
    intent: "out_of_office",
    returnDate: "2026-03-16",
    text: "Thanks for your message. I'm currently out on medical leave and expect to return on the 16th of March.",
  },
  {
    intent: "out_of_office",
    returnDate: "2026-03-04",
    text: "Auto response: I'm presently away at B2B Online and will be back Wednesday. Replies may be delayed.",
  },
  // other
  {
    intent: "referral",
    referralEmail: null,
    text: "I'm not the right person for this - try Sarah Chen, she runs partnerships here.",
  },
  {
    intent: "referral",
    referralEmail: "info@brightline.example",
    text: "Jonas no longer works at Brightline. Please update your records and reach out to info@brightline.example.",
  },
  { intent: "other", text: `Who gave you my email address?${QUOTE}` },
  { intent: "other", text: "Got it, thanks." },
  { intent: "other", text: "Can you remind me which event we met at? I talk to a lot of vendors." },
  {
    intent: "other",
    text: "Delivery Status Notification (Failure). Address not found: the email account that you tried to reach does not exist.",
  },
  {
    intent: "other",
    text: `What's the difference between the vendor membership and the event sponsorship?${OUTLOOK_QUOTE}`,
  },
  {
    intent: "other",
    text: "Ha, the LinkedIn post draft made me laugh. My team would never let me post that.",
  },
  { intent: "other", text: "Thanks Justin. Let me check internally and I'll circle back." },
  { intent: "other", text: "Received. I'll look at it when things calm down after our product launch." },
];

export const LABELLED_REPLIES: LabelledReply[] = [
  ...ENGLISH,
  ...LABELLED_REPLIES_EN,
  ...LABELLED_REPLIES_DE,
  ...LABELLED_REPLIES_FR,
  ...LABELLED_REPLIES_ES,
  ...LABELLED_REPLIES_NL,
  ...LABELLED_REPLIES_IT,
  ...LABELLED_REPLIES_PT,
  ...LABELLED_REPLIES_HOLDOUT,
  ...LABELLED_REPLIES_CHECK,
  ...LABELLED_REPLIES_UNTOUCHED,
  ...LABELLED_REPLIES_FINAL,
  ...LABELLED_REPLIES_HARD_EN_DE_FR,
  ...LABELLED_REPLIES_HARD_ES_NL_IT_PT,
  ...LABELLED_REPLIES_PROBE,
  ...LABELLED_REPLIES_PROBE_2,
  ...LABELLED_REPLIES_PROBE_3,
  ...LABELLED_REPLIES_PROBE_4,
  ...LABELLED_REPLIES_PROBE_5,
];
