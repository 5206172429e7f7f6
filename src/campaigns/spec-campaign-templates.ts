// The demo team's own words for the spec's campaigns (issue 37 item 4): each step's subject and
// body as a person would write them, in the spirit of spec 002's "What to write" column, with
// merge fields (docs/campaigns.md "Templates"). The built-in drafter sends them as written, so the
// approver reads, and approves, without rewriting. template_instructions stays the brief for AI
// drafters. Every field a demo contact may lack has a fallback, so no draft waits on a hole.
import { hasSubject } from "../channels/contract.ts";
import type { StepInput } from "./validate-definition.ts";

type Written = Pick<StepInput, "subject_template" | "body_template">;

const HI = 'Hi {{contact.first_name | default: "there"}},';
const COMPANY = '{{account.name | default: "your team"}}';
const MARKET = '{{account.vertical | default: "your market"}}';
const SIGN = "{{sender.first_name}}";
const mail = (subject: string, ...paragraphs: string[]): Written => ({
  subject_template: subject,
  body_template: [HI, ...paragraphs, SIGN].join("\n\n"),
});
const note = (...paragraphs: string[]): Written => ({
  subject_template: null,
  body_template: [HI, ...paragraphs, SIGN].join("\n\n"),
});

/** spec 002 "b2bea_membership_close Sequence (initial)": after a meeting, in the approver's voice. */
const MEMBERSHIP_CLOSE: Written[] = [
  mail(
    "Good to meet you today, {{contact.first_name}}",
    `Thank you for the time today. It was useful to hear how ${COMPANY} thinks about reaching B2B buyers, and I have kept my notes so you will not have to repeat yourself.`,
    'As promised, you now have pre-sale access to the B2BEA member site and the training library. The "First 30 days" track is the best place to start: about an hour, and it shows how other members use the community.',
    "If anything is unclear, reply here and I will sort it out.",
  ),
  mail(
    'Something concrete for {{account.name | default: "you"}}',
    [
      "{% case enrollment.goal %}",
      '{% when "awareness" %}You said visibility matters most, so here is a LinkedIn post you could publish today. Change anything that does not sound like you:',
      "",
      `"Most B2B buyers finish half their research before they talk to a vendor. We joined B2BEA to be part of that research, and over the coming months we will share what we learn about selling to ${MARKET} buyers. Follow along."`,
      '{% when "credibility" %}You said credibility matters most, so I would like to show you how ' +
        COMPANY +
        " would appear in the next B2BEA report: a one-page profile with your logo, a quote from you and two figures you choose. Reply with the figures you are happy to share and I will send the mock-up.",
      '{% when "pipeline" %}You said pipeline matters most, so I looked at who in the B2BEA community matches the buyers you described. Reply and I will send the list of member companies in ' +
        MARKET +
        " and neighbouring markets, with the people who run buying there.",
      '{% when "marketing_relief" %}You said your team is stretched, so here is what your first 90 days could look like: month one, your profile and one member video; month two, a post a week drafted by us and approved by you; month three, your slot in the next report. Reply with anything you would change.',
      "{% else %}To make this concrete, I can put together one of these for " +
        COMPANY +
        ": a LinkedIn post you could publish today, a mock-up of your profile in the next report, the overlap between your ideal customers and our community, or a content calendar for your first 90 days. Reply with the one you would like.",
      "{% endcase %}",
    ].join("\n"),
  ),
  mail(
    "A short case for B2BEA you can forward",
    "If it helps to make the case internally, here is a short version you can forward as it is:",
    [
      "Why: B2BEA members reach B2B buyers while they research, through the reports, events and videos those buyers already read and watch.",
      `Who else: vendors in ${MARKET} and neighbouring markets are members; I am happy to name the ones that matter to ${COMPANY} on a call.`,
      "What we get: a profile in every B2BEA report, speaking slots at B2B eCommerce World, a member video feature and the training library.",
      "Next step: a 20-minute call with whoever signs off, to answer their questions directly.",
    ].join("\n"),
  ),
  note(
    `Nothing to do with B2BEA this time: I have enjoyed following how ${COMPANY} talks about its work. If you are at an event this quarter, it would be good to say hello in person.`,
  ),
  mail(
    "What is coming up at B2BEA",
    "For your planning, here is what is next:",
    [
      "- The B2B Buyer Report: research closes in six weeks, and members are profiled in it.",
      "- B2B eCommerce World: member speaker slots are being confirmed now.",
      "- The member video series: recording sessions every month.",
    ].join("\n"),
    `Several companies in ${MARKET} have already confirmed. I am sharing this so you have the full picture, not to rush you.`,
  ),
  mail(
    '{{contact.first_name | default: "You"}}, on camera?',
    `One thing we did not talk about: we would put you on video, with your name and face, talking about what ${COMPANY} has learned about selling to B2B buyers.`,
    "For the person who leads marketing, that tends to travel further than any company post. Recording takes about 30 minutes, remotely, and you approve the final cut.",
    "Would that interest you?",
  ),
  mail(
    "Let's turn this on fully",
    `Between the training library, the report profile and our conversations, ${COMPANY} is already using much of what B2BEA offers. The natural next step is to turn the membership on fully, so your profile goes into the next report and your video is scheduled.`,
    "If you agree, reply with a start date that suits you and I will send the paperwork the same day.",
  ),
  mail(
    "Closing the loop on B2BEA",
    [
      "This is my last note for now. For the record, here is what you would be stepping away from: ",
      "{% case enrollment.goal %}",
      '{% when "awareness" %}the member video series and the weekly member posts that reach B2B buyers.',
      '{% when "credibility" %}your profile in the next B2B Buyer Report, next to the vendors buyers already trust.',
      '{% when "pipeline" %}introductions to the member companies that match your buyers.',
      '{% when "marketing_relief" %}a content calendar we draft and you approve, every month.',
      "{% else %}a profile in the next B2B Buyer Report, a speaking slot at B2B eCommerce World and the member video series.",
      "{% endcase %}",
    ].join(""),
    "If the timing changes, reply to this email and we will pick it up from here. The door stays open.",
  ),
];

const MEMBERSHIP_CS: Written[] = [
  mail(
    'Welcome to B2BEA, {{contact.first_name | default: "and thank you"}}',
    `Welcome to B2BEA. Your membership is active, and everyone at ${COMPANY} can use it.`,
    [
      "Three things to do this week:",
      "1. Sign in to the member site and complete your company profile.",
      '2. Start the "First 30 days" track in the training library.',
      "3. Tell us the goal that matters most this year, so we can plan your first 90 days around it.",
    ].join("\n"),
    "I am your contact for anything membership-related: reply to this email at any time.",
  ),
  mail(
    "Your first 90 days at B2BEA",
    "Here is a content calendar for your first 90 days, built around the goal you gave us:",
    [
      "- Month one: your member profile and one video interview.",
      "- Month two: a post a week, drafted by us and approved by you.",
      "- Month three: your profile in the next B2B Buyer Report.",
    ].join("\n"),
    "Reply with anything you would move or drop, and we will adjust it.",
  ),
  mail(
    "Where you can be featured next",
    `Members are featured in the next B2B Buyer Report and at B2B eCommerce World, and there are slots for ${COMPANY} in both.`,
    "To take part, reply with the topic you would like to speak or be quoted on, and I will book the slot.",
  ),
  mail(
    "How is B2BEA working for you?",
    "You have been a member for about six weeks, so a quick check-in: what is working so far, and what is not?",
    "If a 20-minute review call would help, reply with a time that suits you and I will send an invitation.",
  ),
];

/** An invitation: nobody has spoken to these people yet, so nothing pretends otherwise. */
const WORLD: Written[] = [
  mail(
    "An invitation to B2B eCommerce World",
    "I would like to invite you to B2B eCommerce World: two days of sessions for people who sell to business buyers online.",
    `Several sessions fit your role as ${'{{contact.title | default: "a marketing or eCommerce lead"}}'}: how B2B buyers research before they talk to sales, and what is working in B2B marketplaces this year.`,
    "Registration is open. Reply to this email and I will send you the link and the full agenda.",
  ),
  note(
    `I am inviting a few leaders in ${MARKET} to B2B eCommerce World. The session on how B2B buyers research before they call sales would suit you. Happy to connect here.`,
  ),
  mail(
    "Who is going to B2B eCommerce World",
    `A short update on B2B eCommerce World: peers in ${MARKET} have registered, and the agenda is out.`,
    [
      "Highlights:",
      "- How B2B buyers research before they talk to sales, with new figures from the B2B Buyer Report.",
      "- Marketplaces for B2B: what works, from the companies running them.",
      "- A roundtable for marketing leaders, limited to 20 seats.",
    ].join("\n"),
    "Reply and I will send the agenda and the registration link.",
  ),
  mail(
    "Last call for B2B eCommerce World",
    "Registration for B2B eCommerce World closes soon. One reason to be there: the marketing leaders' roundtable, 20 people who sell to business buyers, comparing what works.",
    "If you would like a seat, reply to this email and I will send the link. If not, no need to answer: this is my last note about it.",
  ),
];

const MEMBERSHIP: Written[] = [
  mail(
    "B2B buyers and " + COMPANY,
    `I lead vendor membership at B2BEA, the community where B2B buyers research suppliers. Members like ${COMPANY} get a profile in every B2BEA report, which buyers in ${MARKET} read before they draw up a shortlist.`,
    "Would you have 20 minutes next week to see whether it fits? Reply with a time that suits you.",
  ),
  note(
    `I work with vendors in ${MARKET} at B2BEA, and I have been following ${COMPANY}'s news. Happy to connect here.`,
  ),
  mail(
    "One member's result, in numbers",
    `One result from a member in ${MARKET}: in their first two quarters, their report profile and one member video brought 40 conversations with buyers they had not reached before, and 6 became customers.`,
    "I can show you how they set it up in 20 minutes. Would next week work?",
  ),
  mail(
    "Two times for a 20-minute call",
    "A quick note on what is coming at B2BEA: the next B2B Buyer Report closes research in six weeks, and B2B eCommerce World is confirming speakers now. Members appear in both.",
    "If it is worth a look, would Tuesday or Thursday at 10:00 your time work for 20 minutes? Reply with the one that suits you.",
  ),
  mail(
    "Closing the loop",
    "I have written a few times about B2BEA membership and do not want to crowd your inbox, so this is my last note.",
    "If it becomes relevant later, reply to this email and I will pick it up. The door stays open.",
  ),
];

const DREAMBORN: Written[] = [
  mail(
    "Content your team does not have time to write",
    `Most marketing teams in ${MARKET} we talk to have more to say than time to write it. DreamBorn drafts the posts, articles and emails from what your experts already know, and your team only approves.`,
    `Would a 20-minute demo be useful for ${COMPANY}? Reply with a time that suits you.`,
  ),
  note(
    '{{contact.title | default: "Your role"}} at ' +
      COMPANY +
      " looks like a busy seat. I talk with marketing leaders about how they keep publishing without adding headcount, and would be glad to connect.",
  ),
  mail(
    "How a team like yours uses DreamBorn",
    "A short story from a customer: a four-person marketing team went from two posts a month to two a week, drafted by DreamBorn from interviews with their own engineers, each one approved in a few minutes.",
    `I would be happy to show you what that would look like for ${COMPANY}. Would 20 minutes next week work?`,
  ),
  mail(
    "Reconnect next quarter?",
    "I have not heard back, which usually means the timing is not right, so I will stop here.",
    "Shall I check in again next quarter? A one-word reply is plenty.",
  ),
];

/** Each spec campaign's written steps, by slug, in step order (applied by spec-campaigns.ts). */
export const SPEC_TEMPLATES: Record<string, Written[]> = {
  b2bea_membership_close: MEMBERSHIP_CLOSE,
  b2bea_membership_cs: MEMBERSHIP_CS,
  b2bea_world: WORLD,
  b2bea_membership: MEMBERSHIP,
  dreamborn: DREAMBORN,
};

/** The steps with their written subject and body (a LinkedIn step has no subject). */
export function withTemplates(slug: string, steps: StepInput[]): StepInput[] {
  const written = SPEC_TEMPLATES[slug] ?? [];
  return steps.map((s, i) => {
    const w = written[i];
    if (!w) return s;
    return {
      ...s,
      subject_template: hasSubject(s.channel) ? w.subject_template : null,
      body_template: w.body_template,
    };
  });
}
