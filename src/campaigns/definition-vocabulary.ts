// spec 002 campaign definitions: the words a definition is made of, in one module that imports
// nothing, so the API's validation and the workspace's editor (web/) read the same lists.
export const CHANNELS = ["email", "linkedin"] as const;
export type Channel = (typeof CHANNELS)[number];

/** spec 002 campaign_sequences.content_type */
export const CONTENT_TYPES = [
  "follow_up",
  "proof",
  "boss_arming",
  "campaign_visibility",
  "personal_visibility",
  "marketing_relief",
  "close",
  "exit",
] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const CAMPAIGN_KINDS = ["sales", "nurture", "marketing", "transactional"] as const;
export const CAMPAIGN_STATUSES = ["active", "paused", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const APPROVAL_POLICIES = ["require_approval", "auto_send"] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];
export const GOALS = ["awareness", "pipeline", "credibility", "marketing_relief"] as const;
export type Goal = (typeof GOALS)[number];
