import { expect, it } from "vitest";
import { inActivePeriod, planCampaign, playCampaignSlug } from "./play-cadence.ts";

const id = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3";

it("turns suggested_cadence steps into campaign steps", () => {
  const plan = planCampaign(id, {
    cadence_type: "nurture",
    steps: [
      { day: 7, channel: "linkedin", content_type: "proof", instructions: "case study" },
      { day: 0, channel: "email", content_type: "follow_up", instructions: "intro" },
      { day: 3, channel: "email", content_type: "webinar_invite", instructions: "invite" },
    ],
  });
  expect(plan.slug).toBe("play_0a1b2c3d4e5f");
  expect(plan.kind).toBe("nurture");
  expect(plan.owner_role).toBe("roles.marketing");
  expect(plan.steps).toEqual([
    {
      step_number: 1,
      delay_days: 0,
      channel: "email",
      content_type: "follow_up",
      template_instructions: "intro",
    },
    {
      step_number: 2,
      delay_days: 3,
      channel: "email",
      content_type: "follow_up",
      template_instructions: "[webinar_invite] invite",
    },
    {
      step_number: 3,
      delay_days: 7,
      channel: "linkedin",
      content_type: "proof",
      template_instructions: "case study",
    },
  ]);
  expect(planCampaign(id, { cadence_type: "sales", steps: [] }).owner_role).toBe("roles.sales");
});

it("slugs satisfy the campaigns slug check", () => {
  expect(playCampaignSlug(id)).toMatch(/^[a-z0-9][a-z0-9_]{0,63}$/);
});

it("knows the active period, both ends inclusive", () => {
  expect(inActivePeriod("2026-10-01", "2026-12-31", "2026-12-31")).toBe(true);
  expect(inActivePeriod("2026-10-01", "2026-12-31", "2027-01-01")).toBe(false);
  expect(inActivePeriod("2026-10-01", null, "2026-09-30")).toBe(false);
  expect(inActivePeriod(null, null, "2026-09-30")).toBe(true);
});
