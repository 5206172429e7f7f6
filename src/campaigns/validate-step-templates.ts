// A step's templates a person writes (issue 37 item 4): checked before a definition is saved, by
// the one module that renders them (src/drafting/render-template.ts), for the API, the CLI and the
// demo's seeds alike. A variant's own subject is a template too (docs/campaigns.md "Templates").
import { channelLabel, hasSubject, isChannelName } from "../channels/contract.ts";
import { BODY_TEMPLATE_MAX, SUBJECT_TEMPLATE_MAX, templateProblems } from "../drafting/index.ts";

export interface TemplateProblem {
  code: "CAMPAIGN_STEP_TEMPLATE_INVALID";
  path: string;
  message: string;
}

/** A blank template is none: null. */
export function templateOrNull(v: string | null | undefined): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

interface StepTemplates {
  step_number: number;
  channel: string;
  subject_template?: unknown;
  body_template?: unknown;
  variants?: unknown;
}

export function stepTemplateProblems(s: StepTemplates, i: number): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const step = `step ${s.step_number}`;
  const check = (value: unknown, path: string, where: string, max: number) => {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") {
      problems.push({
        code: "CAMPAIGN_STEP_TEMPLATE_INVALID",
        path,
        message: `${where}: must be text or null`,
      });
      return;
    }
    if (value.trim() === "") return;
    for (const message of templateProblems(value, where, max))
      problems.push({ code: "CAMPAIGN_STEP_TEMPLATE_INVALID", path, message });
  };
  const subject = templateOrNull(typeof s.subject_template === "string" ? s.subject_template : null);
  if (subject !== null && isChannelName(s.channel) && !hasSubject(s.channel)) {
    problems.push({
      code: "CAMPAIGN_STEP_TEMPLATE_INVALID",
      path: `/steps/${i}/subject_template`,
      message: `${step} subject: a ${channelLabel(s.channel)} message has no subject; remove subject_template`,
    });
  } else {
    check(s.subject_template, `/steps/${i}/subject_template`, `${step} subject`, SUBJECT_TEMPLATE_MAX);
  }
  check(s.body_template, `/steps/${i}/body_template`, `${step} body`, BODY_TEMPLATE_MAX);
  if (Array.isArray(s.variants)) {
    for (const [j, v] of s.variants.entries()) {
      if (typeof v !== "object" || v === null) continue; // variantProblems says so
      const { key, subject: vs } = v as { key?: unknown; subject?: unknown };
      if (typeof vs !== "string") continue;
      const where = `${step} variant ${typeof key === "string" ? key : j + 1} subject`;
      check(vs, `/steps/${i}/variants/${j}/subject`, where, SUBJECT_TEMPLATE_MAX);
    }
  }
  return problems;
}
