// The built-in drafter (spec 002 "Drafting and approval": the default drafter fills a template
// from template_instructions, the enrollment's goal and the contact's and account's fields). It is
// honest that it is a template: the first line says so, and bracketed parts are for the approver.
// A draft that goes out with no approver (`sendsWithoutReview`, an auto_send campaign) is written
// final instead: no marker, no brief, no bracket, only what the fields it is given can say.
// A step whose subject and body a person wrote (issue 37: subject_template, body_template) is sent
// as written: rendered with the contact's fields, no marker, no brief (render-template.ts).
import { hasSubject } from "../channels/contract.ts";
import type { Drafter, DraftInput, DraftOutput } from "./drafter.ts";
import { isGoal, proofAsset } from "./proof-assets.ts";
import { renderTemplate } from "./render-template.ts";

export const TEMPLATE_MARKER =
  "[Template draft by Baton's built-in drafter, not written by a person: fill the [bracketed] parts and delete this line before approving.]";

function firstName(full: string): string {
  return full.trim().split(/\s+/)[0] || "there";
}

// the bracket rule, in one place with the approval's (unfinished.ts)
export { hasPlaceholder } from "./unfinished.ts";

/** The fields a template speaks of, with what it says where one is missing. */
function factsOf(input: DraftInput) {
  return {
    name: firstName(input.contact.full_name),
    company: input.account?.name ?? "your team",
    vertical: input.account?.vertical ?? "your market",
    campaign: input.campaign.name,
    goal: input.enrollment.goal,
  };
}

function contentFor(input: DraftInput): { subject: string; body: string } {
  const { name, company, vertical, campaign, goal } = factsOf(input);
  switch (input.step.content_type) {
    case "follow_up":
      if (input.step.step_number === 1) {
        // a first touch may follow a meeting, an event or nothing at all: the template does not
        // presume a conversation (issue 37: an event invitation read "Great speaking today")
        return {
          subject: `${name}, a note about ${campaign}`,
          body: `[One line on how you know ${name}: the meeting you had, the event, the referral, or why you are writing.]\n\n[What ${campaign} offers ${company}, in one or two sentences, and the one thing to do next.]`,
        };
      }
      return {
        subject: `A different angle, ${name}`,
        body: `Saw [something about ${name} personally: a post, a talk, a promotion] and wanted to say [a genuine, specific note]. Nothing to do with ${campaign}.`,
      };
    case "proof": {
      if (isGoal(goal)) {
        const p = proofAsset(goal, { firstName: name, company, vertical });
        return { subject: p.subject, body: p.body };
      }
      return {
        subject: `Something concrete for ${company}`,
        body: `[No goal was recorded for this enrollment: pick the proof asset that fits - a LinkedIn post draft, a report mock-up, an ICP overlap or a 90-day content calendar.]`,
      };
    }
    case "boss_arming":
      return {
        subject: `The internal case for ${campaign}, ready to forward`,
        body: `If it helps to make the case internally, here is a short kit you can forward as is:\n\n  Why: [ROI framing in one sentence, in ${company}'s numbers]\n  Who else: [peers and competitors already in]\n  What you get: [deliverables list]\n  Cost and timing: [terms]`,
      };
    case "campaign_visibility":
      return {
        subject: `What is coming up, and who is in`,
        body: `Quick heads-up on what is next: [upcoming reports and dates]. Already confirmed: [names]. Sharing so you have the full picture, not to rush you.`,
      };
    case "personal_visibility":
      return {
        subject: `${name}, we would put you on camera`,
        body: `One thing we did not talk about: this is also a stage for you personally. We would feature you by name and face on video about [topic], which tends to travel well for the person leading marketing.`,
      };
    case "marketing_relief":
      return {
        subject: `Taking work off your team's plate`,
        body: `We can take [specific content tasks] off your team's plate: we draft, you approve. [What the first month would look like for ${company}.]`,
      };
    case "close":
      return {
        subject: `Let's turn this on fully`,
        body: `Given [what is already happening between us], the natural next step is to turn ${campaign} on fully for ${company}. [Proposed start date and the one decision needed.]`,
      };
    case "exit":
      return {
        subject: `Closing the loop, ${name}`,
        body: `I will stop reaching out after this one. For the record, here is what is coming that fits your goal${goal ? ` (${goal.replace("_", " ")})` : ""}: [specific upcoming campaigns and content opportunities]. The door stays open.`,
      };
    default:
      return {
        subject: `${campaign}: a note for ${name}`,
        body: `[Write this ${input.step.content_type} touch.]`,
      };
  }
}

/** Final copy for a draft no person reads before it goes: nothing to fill, nothing invented. */
function readyContentFor(input: DraftInput): { subject: string; body: string } {
  const { name, company, vertical, campaign, goal } = factsOf(input);
  switch (input.step.content_type) {
    case "follow_up":
      return input.step.step_number === 1
        ? {
            subject: `${campaign}, ${name}`,
            body: `A short note to say hello from ${campaign}. If it is useful for ${company}, reply to this email and I will send you the details.`,
          }
        : {
            subject: `A different angle, ${name}`,
            body: `Following up on ${campaign} with a different angle: if the timing is not right for ${company}, a one-line reply saying so is just as welcome as a yes.`,
          };
    case "proof":
      if (isGoal(goal)) {
        const p = proofAsset(goal, { firstName: name, company, vertical }, { ready: true });
        return { subject: p.subject, body: p.body };
      }
      return {
        subject: `Something concrete for ${company}`,
        body: `If it helps, I can put together something concrete for ${company}: a LinkedIn post draft, a mock-up of how you would appear in an upcoming report, the overlap between your ideal customers and our community, or a content calendar for your first 90 days. Reply with the one you would like.`,
      };
    case "boss_arming":
      return {
        subject: `The internal case for ${campaign}, ready to forward`,
        body: `If it would help to make the case for ${campaign} internally, reply and I will send a short kit you can forward as is: why it fits ${company}, who else is in, what you get, and the cost and timing.`,
      };
    case "campaign_visibility":
      return {
        subject: `What is coming up, and who is in`,
        body: `A quick heads-up on what is next in ${campaign}. Reply if you would like the dates and who has already confirmed. Sharing so you have the full picture, not to rush you.`,
      };
    case "personal_visibility":
      return {
        subject: `${name}, we would put you on camera`,
        body: `One thing we did not talk about: ${campaign} is also a stage for you personally. We would feature you by name and face on video, which tends to travel well for the person leading marketing. Reply if that interests you.`,
      };
    case "marketing_relief":
      return {
        subject: `Taking work off your team's plate`,
        body: `We can take content work off your team's plate: we draft, you approve. Reply and I will outline what the first month would look like for ${company}.`,
      };
    case "close":
      return {
        subject: `Let's turn this on fully`,
        body: `The natural next step is to turn ${campaign} on fully for ${company}. Reply with a start date that suits you and I will take care of the rest.`,
      };
    case "exit":
      return {
        subject: `Closing the loop, ${name}`,
        body: `I will stop reaching out after this one. If ${campaign} becomes relevant for ${company} later${goal ? `, and ${goal.replace("_", " ")} is still the goal` : ""}, reply to this email and I will pick it up. The door stays open.`,
      };
    default:
      return {
        subject: `${campaign}: a note for ${name}`,
        body: `A short note about ${campaign}. If it is relevant for ${company}, reply to this email and I will send you the details.`,
      };
  }
}

const written = (t: string | null | undefined): string | null =>
  typeof t === "string" && t.trim() !== "" ? t : null;

/**
 * The subject a person wrote, rendered: the A/B variant's own subject when it has one (the thing
 * the test compares), else the step's subject_template; null: the drafter writes its own.
 */
function writtenSubject(input: DraftInput): string | null {
  if (!hasSubject(input.step.channel)) return null;
  const source = written(input.variant?.subject) ?? written(input.step.subject_template);
  return source === null ? null : renderTemplate(source, input, { subject: true }).text;
}

export function renderTemplateDraft(input: DraftInput): DraftOutput {
  const name = firstName(input.contact.full_name);
  const email = hasSubject(input.step.channel);
  const subject = writtenSubject(input);
  const body = written(input.step.body_template);
  if (body !== null) {
    // sent as written: the body is the person's, whatever the variant (variants differ in subject
    // and in the AI drafters' instructions; docs/campaigns.md "Templates")
    const own = input.sendsWithoutReview ? readyContentFor(input) : contentFor(input);
    return {
      subject: email ? (subject ?? own.subject) : null,
      body: renderTemplate(body, input).text,
      draftedBy: "template",
    };
  }
  if (input.sendsWithoutReview) {
    const ready = readyContentFor(input);
    return {
      // a variant's subject is a person's words, kept as they are: one with a [placeholder] makes
      // the draft wait for a person (approvalOf), not silently another variant's subject
      subject: email ? (subject ?? ready.subject) : null,
      body: [`Hi ${name},`, "", ready.body, "", input.senderName].join("\n"),
      draftedBy: "template",
    };
  }
  const drafted = contentFor(input);
  const text = [
    TEMPLATE_MARKER,
    input.variant
      ? `[Step ${input.step.step_number}, variant ${input.variant.key} brief: ${input.variant.instructions.trim()}]`
      : `[Step ${input.step.step_number} brief: ${input.step.template_instructions.trim()}]`,
    "",
    `Hi ${name},`,
    "",
    drafted.body,
    "",
    input.senderName,
  ].join("\n");
  return {
    subject: email ? (subject ?? drafted.subject) : null,
    body: text,
    draftedBy: "template",
  };
}

export const templateDrafter: Drafter = {
  name: "template",
  async draft(input: DraftInput): Promise<DraftOutput> {
    return renderTemplateDraft(input);
  },
};
