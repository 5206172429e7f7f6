// A DraftInput for tests and the simulator: the spec's b2bea_membership_close step with a contact.
import type { DraftInput } from "./drafter.ts";

export function sampleDraftInput(
  over: { step?: Partial<DraftInput["step"]>; goal?: string | null; account?: DraftInput["account"] } = {},
): DraftInput {
  return {
    contact: {
      contact_id: "7b0b8a4e-3c1c-4c47-9a57-7d7a1b8b0c01",
      full_name: "Dana Reyes",
      title: "VP Marketing",
      email: "dana@northwind.example",
      linkedin_url: "https://www.linkedin.com/in/danareyes",
    },
    account:
      over.account === undefined
        ? { name: "Northwind Commerce", vertical: "B2B eCommerce", segment: "commercial_mm", icp_tier: "T1" }
        : over.account,
    campaign: { slug: "b2bea_membership_close", name: "B2BEA membership", kind: "sales", type: "membership" },
    step: {
      step_number: 2,
      delay_days: 3,
      channel: "email",
      content_type: "proof",
      template_instructions: "Goal-specific proof asset.",
      ...over.step,
    },
    enrollment: {
      goal: over.goal === undefined ? "pipeline" : over.goal,
      notes: "Met at the March roundtable",
    },
    senderName: "Justin",
  };
}
