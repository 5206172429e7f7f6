// More labelled replies in English (see labelled-reply.ts): plain acceptances (issue 35: "Sure,
// happy to meet. Tuesday at 10am works for a call." was read as `other`), negations, mixed
// messages and quote headers spread over two lines.
import { labelled } from "./labelled-reply.ts";

const WRAPPED_QUOTE = `

On Tue, Feb 24, 2026 at 9:02 AM Justin Avery <
justin@b2bea.example> wrote:
> Are you free for a quick call? Reply STOP to unsubscribe.`;

export const LABELLED_REPLIES_EN = labelled("en", [
  ["meeting", "Sure, happy to meet. Tuesday at 10am works for a call."],
  ["meeting", "Let's talk Tuesday."],
  ["meeting", `Works for me - Thursday 3pm?${WRAPPED_QUOTE}`],
  ["meeting", "Happy to chat. I'm around tomorrow afternoon, just send an invite."],
  ["meeting", "No problem, Friday at 11 works. Talk then."],
  ["interested", "Sure."],
  ["interested", "Sounds good."],
  ["interested", "Works for me, send it over."],
  ["interested", "Yes please!"],
  ["interested", `Sure thing, go ahead and send the one-pager.${WRAPPED_QUOTE}`],
  ["interested", "Happy to take a look. What does the first month involve?"],
  ["interested", "I'd be open to hearing more."],
  ["not_interested", "Not sure this is for us, honestly. We'll pass."],
  ["not_interested", "No thanks, we don't need this."],
  ["not_interested", "Thanks, but this doesn't sound like a good fit for us."],
  ["not_interested", "Not interested. Good luck."],
  ["not_interested", "Sorry, not for us."],
  ["unsubscribe", "STOP"],
  ["unsubscribe", "Sounds interesting, but please take me off this list."],
  ["unsubscribe", "Please don't email me again."],
  ["unsubscribe", "I no longer wish to receive these emails."],
  ["out_of_office", "Out of office: back 2 March. Limited email access until then.", "2026-03-02"],
  ["out_of_office", "I'm out of the office until 03/19/2026 with no access to email.", "2026-03-19"],
  ["other", "Not sure what this is about?"],
  ["other", "Sorry, who is this?"],
  ["other", "Please send future emails to my work address, priya@acme.example."],
]);
