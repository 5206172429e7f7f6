// The written templates of a play's campaign (issue 60 item 3): a play's suggested_cadence gives
// each step a content type and the brain agent's instructions, which are a brief for the writer
// ("Share one customer result from the same vertical."), not words for the prospect. Without a
// template the built-in drafter wrote a draft to fill ([bracketed] parts, its note at the top) under
// a subject naming the campaign, "Play: <the play's name>": bulk approval refused half the play's
// drafts as still to fill, and an internal name reached the subject line.
//
// Each step now gets a subject and body per content type, in the sender's voice, with merge fields
// that all have a fallback (docs/campaigns.md "Templates"), so the draft comes out ready for the
// approver. The instructions stay the step's template_instructions: the brief the approver reads
// and an AI drafter writes from. The templates never name the campaign, the play, its segment or
// its content type: those are the team's words, not the prospect's. They offer rather than claim:
// no figure or customer is named that the brain did not give (spec 002: the drafter invents nothing).
import { CHANNEL_KINDS, hasSubject, isChannelName } from "../channels/contract.ts";
import type { CampaignPlan } from "./play-cadence.ts";

type Step = CampaignPlan["steps"][number];
export interface StepTemplates {
  subject_template: string | null;
  body_template: string;
}

const HI = 'Hi {{contact.first_name | default: "there"}},';
const COMPANY = '{{account.name | default: "your company"}}';
const MARKET = '{{account.vertical | default: "your market"}}';
const SIGN = "{{sender.first_name}}";
const BOOKING =
  "{% if sender.booking_link %} You can also pick a time here: {{sender.booking_link}}{% endif %}";

interface Copy {
  subject: string;
  /** the email's paragraphs */
  email: string[];
  /** the LinkedIn message: shorter, one paragraph */
  linkedin: string;
}

function copyFor(step: Step): Copy {
  switch (step.content_type) {
    case "follow_up":
      return step.step_number === 1
        ? {
            subject: `A question for ${COMPANY}`,
            email: [
              `I work with teams in ${MARKET} on how they reach and win B2B buyers, and a few of them have recently asked the questions I expect ${COMPANY} is asking too.`,
              "If it would be useful, reply to this email and I will send a short summary of what they found, with nothing to sign up for.",
            ],
            linkedin: `I work with teams in ${MARKET} on reaching B2B buyers, and thought what some of them found recently might be useful to ${COMPANY}. Happy to share a short summary if so.`,
          }
        : {
            subject: 'Following up, {{contact.first_name | default: "briefly"}}',
            email: [
              `Following up on my last note with a different angle: if the timing is not right for ${COMPANY}, a one-line reply saying so is just as welcome as a yes.`,
            ],
            linkedin: `Following up on my last note: if the timing is not right for ${COMPANY}, a one-line reply saying so is just as welcome as a yes.`,
          };
    case "proof":
      return {
        subject: 'What a team like {{account.name | default: "yours"}} got from it',
        email: [
          `A company in ${MARKET}, not unlike ${COMPANY}, faced much the same questions last year, and I have a one-page summary of what they did and what came of it.`,
          "Reply and I will send it over; it takes two minutes to read.",
        ],
        linkedin: `A company in ${MARKET}, not unlike ${COMPANY}, faced much the same questions last year. I have a one-page summary of what they did and what came of it: happy to send it if useful.`,
      };
    case "boss_arming":
      return {
        subject: "A short case you can forward",
        email: [
          `If it would help to make the case inside ${COMPANY}, I can send a one-page summary you can forward as it is: why it fits, what others in ${MARKET} have seen, and what the first steps and costs would be.`,
          "Reply and it is yours.",
        ],
        linkedin: `If it would help to make the case inside ${COMPANY}, I can send a one-page summary you can forward as it is. Just say the word.`,
      };
    case "campaign_visibility":
      return {
        subject: "What is coming up",
        email: [
          `A quick heads-up on what is coming up in the next few weeks that may matter to ${COMPANY}.`,
          "Reply if you would like the dates and who has already confirmed. I am sharing this so you have the full picture, not to rush you.",
        ],
        linkedin: `A quick heads-up: a few things are coming up in the next weeks that may matter to ${COMPANY}. Happy to send the dates if useful.`,
      };
    case "personal_visibility":
      return {
        subject: '{{contact.first_name | default: "You"}}, on camera?',
        email: [
          `One thing we have not talked about: we would feature you by name and face on video, talking about what ${COMPANY} has learned about selling to B2B buyers.`,
          "For the person who leads marketing, that tends to travel further than any company post. Would that interest you?",
        ],
        linkedin: `We would feature you on video, talking about what ${COMPANY} has learned about selling to B2B buyers. Would that interest you?`,
      };
    case "marketing_relief":
      return {
        subject: "Taking work off your team's plate",
        email: [
          `We can take content work off your team's plate: we draft, you approve. Reply and I will outline what the first month would look like for ${COMPANY}.`,
        ],
        linkedin: `We can take content work off your team's plate at ${COMPANY}: we draft, you approve. Happy to outline a first month if useful.`,
      };
    case "close":
      return {
        subject: "Worth a 20-minute call?",
        email: [
          `Would a 20-minute call in the next two weeks be useful, to see whether this fits ${COMPANY}? Reply with two times that suit you and I will send an invitation.${BOOKING}`,
        ],
        linkedin: `Would a 20-minute call in the next two weeks be useful, to see whether this fits ${COMPANY}? Send me two times that suit you.`,
      };
    case "exit":
      return {
        subject: 'Closing the loop, {{contact.first_name | default: "for now"}}',
        email: [
          "This is my last note for now. If the timing changes, reply to this email and I will pick it up from here. The door stays open.",
        ],
        linkedin:
          "This is my last note for now. If the timing changes, send me a message and I will pick it up from here.",
      };
    default:
      // the campaign's check allows only the types above (planCampaign maps any other to follow_up)
      return copyFor({ ...step, content_type: "follow_up" });
  }
}

const FIRST = '{{contact.first_name | default: "there"}}';

/**
 * A call's script: the rep says it, nobody is sent it. The short (LinkedIn) copy is the talking
 * point, framed by an opening and a voicemail of under 30 seconds.
 */
function callScript(copy: Copy): string {
  return [
    `Opening: Hi ${FIRST}, this is ${SIGN}. Is now a bad time for one minute?`,
    `What to say: ${copy.linkedin}`,
    "If they want more: offer to email a short summary, and note what they said in the call's outcome.",
    `Voicemail (under 30 seconds): Hi ${FIRST}, this is ${SIGN}. ${copy.linkedin}`,
  ].join("\n\n");
}

/**
 * The subject and body a play's step is written with: email with a subject, LinkedIn without, and
 * a call as the rep's script.
 */
export function playStepTemplates(step: Step): StepTemplates {
  const copy = copyFor(step);
  if (isChannelName(step.channel) && CHANNEL_KINDS[step.channel].taskKind === "phone_call")
    return { subject_template: null, body_template: callScript(copy) };
  if (!hasSubject(step.channel))
    return { subject_template: null, body_template: [HI, copy.linkedin, SIGN].join("\n\n") };
  return { subject_template: copy.subject, body_template: [HI, ...copy.email, SIGN].join("\n\n") };
}
