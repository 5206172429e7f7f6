// The built-in drafter (spec 002 "Drafting and approval": the default drafter fills a template
// from template_instructions, the enrollment's goal and the contact's and account's fields). It is
// honest that it is a template: the first line says so, and bracketed parts are for the approver.
import type { Drafter, DraftInput, DraftOutput } from "./drafter.ts";
import { isGoal, proofAsset } from "./proof-assets.ts";

export const TEMPLATE_MARKER =
  "[Template draft by Baton's built-in drafter, not written by a person: fill the [bracketed] parts and delete this line before approving.]";

function firstName(full: string): string {
  return full.trim().split(/\s+/)[0] || "there";
}

function contentFor(input: DraftInput): { subject: string; body: string } {
  const name = firstName(input.contact.full_name);
  const company = input.account?.name ?? "your team";
  const vertical = input.account?.vertical ?? "your market";
  const campaign = input.campaign.name;
  const goal = input.enrollment.goal;
  switch (input.step.content_type) {
    case "follow_up":
      if (input.step.step_number === 1) {
        return {
          subject: `Great speaking today, ${name}`,
          body: `Thanks for the time today. You said [what they said, specifically], and that stuck with me.\n\nAs promised, you now have early access to ${campaign}: [access link and training content].`,
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

export function renderTemplateDraft(input: DraftInput): DraftOutput {
  const name = firstName(input.contact.full_name);
  const { subject, body } = contentFor(input);
  const text = [
    TEMPLATE_MARKER,
    input.variant
      ? `[Step ${input.step.step_number}, variant ${input.variant.key} brief: ${input.variant.instructions.trim()}]`
      : `[Step ${input.step.step_number} brief: ${input.step.template_instructions.trim()}]`,
    "",
    `Hi ${name},`,
    "",
    body,
    "",
    input.senderName,
  ].join("\n");
  return {
    subject: input.step.channel === "email" ? (input.variant?.subject ?? subject) : null,
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
