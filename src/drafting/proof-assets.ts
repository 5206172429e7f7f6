// spec 002 step 2 "proof": the proof asset depends on the enrollment's goal.
//   awareness → a LinkedIn post they could publish today; credibility → how they'd appear in an
//   upcoming report; pipeline → ICP overlap in the community; marketing_relief → a content
//   calendar for their first 90 days.

export type Goal = "awareness" | "credibility" | "pipeline" | "marketing_relief";

export const GOALS: readonly Goal[] = ["awareness", "credibility", "pipeline", "marketing_relief"];

export function isGoal(g: string | null | undefined): g is Goal {
  return GOALS.includes(g as Goal);
}

export interface ProofFacts {
  firstName: string;
  company: string;
  vertical: string;
}

/**
 * The proof asset for a goal. `ready`: final copy for a draft no person reads before it goes (an
 * auto-sent step), which offers the asset instead of leaving [bracketed] parts to fill.
 */
export function proofAsset(
  goal: Goal,
  f: ProofFacts,
  opts: { ready?: boolean } = {},
): { kind: string; subject: string; body: string } {
  if (opts.ready) return readyProofAsset(goal, f);
  switch (goal) {
    case "awareness":
      return {
        kind: "linkedin_post_draft",
        subject: `A LinkedIn post ${f.company} could publish today`,
        body: [
          `You mentioned awareness is the goal, so here is a LinkedIn post draft ${f.company} could publish today:`,
          "",
          "---",
          `"Most ${f.vertical} buyers decide before they ever talk to sales. At ${f.company} we are [one-line point of view from the meeting].`,
          `Here is what we learned from [specific customer outcome], and what it means for teams like yours. [link]"`,
          "---",
          "",
          "Happy to tune the voice; we would amplify it to the community the day it goes live.",
        ].join("\n"),
      };
    case "credibility":
      return {
        kind: "report_mockup",
        subject: `How ${f.company} would appear in the upcoming report`,
        body: [
          `Since credibility is the goal, here is a mock-up of how ${f.company} would appear in our upcoming ${f.vertical} report:`,
          "",
          `  ${f.company} | Featured contributor`,
          "  Quote: [their strongest line from the meeting]",
          "  Data point: [one metric they are proud of]",
          "  Placement: [section of the report]",
          "",
          "Nothing is published without your sign-off.",
        ].join("\n"),
      };
    case "pipeline":
      return {
        kind: "icp_overlap",
        subject: `Where ${f.company}'s ICP overlaps our community`,
        body: [
          `You said pipeline matters most, so we looked at where ${f.company}'s ideal customers overlap our community:`,
          "",
          `  - [number] members match ${f.company}'s ICP in ${f.vertical}`,
          "  - [number] of them are in active buying cycles this quarter",
          "  - [2-3 named example accounts, with permission]",
          "",
          "I can walk you through the list in 15 minutes.",
        ].join("\n"),
      };
    case "marketing_relief":
      return {
        kind: "content_calendar_90_days",
        subject: `${f.company}'s first 90 days of content, planned`,
        body: [
          `You mentioned your marketing team is stretched, so here is a content calendar for ${f.company}'s first 90 days:`,
          "",
          "  Days 1-30:  member announcement, one LinkedIn post, a short interview for the newsletter",
          `  Days 31-60: a guest article on [topic from the meeting] for the ${f.vertical} audience`,
          "  Days 61-90: a panel slot or webinar, plus a recap we write for you",
          "",
          "We draft; you approve. Your team's time: about an hour a month.",
        ].join("\n"),
      };
  }
}

function readyProofAsset(goal: Goal, f: ProofFacts): { kind: string; subject: string; body: string } {
  const lines = (...l: string[]) => l.join("\n");
  switch (goal) {
    case "awareness":
      return {
        kind: "linkedin_post_draft",
        subject: `A LinkedIn post ${f.company} could publish`,
        body: lines(
          `Since awareness is the goal, we would help ${f.company} publish a LinkedIn post on how ${f.vertical} buyers decide before they ever talk to sales, in your voice.`,
          "",
          "Reply and I will send a draft; we would amplify it to the community the day it goes live.",
        ),
      };
    case "credibility":
      return {
        kind: "report_mockup",
        subject: `${f.company} in the upcoming report`,
        body: lines(
          `Since credibility is the goal, ${f.company} could appear as a featured contributor in our upcoming ${f.vertical} report: a quote, a data point you are proud of, and a placement that fits.`,
          "",
          "Reply and I will send a mock-up. Nothing is published without your sign-off.",
        ),
      };
    case "pipeline":
      return {
        kind: "icp_overlap",
        subject: `Where ${f.company}'s ICP overlaps our community`,
        body: lines(
          `Since pipeline matters most, we can show you where ${f.company}'s ideal customers overlap our community in ${f.vertical}, and how many of them are in active buying cycles this quarter.`,
          "",
          "I can walk you through the list in 15 minutes.",
        ),
      };
    case "marketing_relief":
      return {
        kind: "content_calendar_90_days",
        subject: `${f.company}'s first 90 days of content, planned`,
        body: lines(
          `Since your marketing team is stretched, here is what ${f.company}'s first 90 days of content could look like:`,
          "",
          "  Days 1-30:  member announcement, one LinkedIn post, a short interview for the newsletter",
          `  Days 31-60: a guest article for the ${f.vertical} audience`,
          "  Days 61-90: a panel slot or webinar, plus a recap we write for you",
          "",
          "We draft; you approve. Your team's time: about an hour a month.",
        ),
      };
  }
}
