// spec 002 campaign definitions: the words a definition is made of, in one module that imports
// only the leaf channel table, so the API's validation and the workspace's editor (web/) read the
// same lists. The channels and content types are CHANNEL_KINDS's (channels/channel-kinds.ts).
export { CHANNELS, type ChannelName, CONTENT_TYPES, type ContentType } from "../channels/contract.ts";

export const CAMPAIGN_KINDS = ["sales", "nurture", "marketing", "transactional"] as const;
export const CAMPAIGN_STATUSES = ["active", "paused", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const APPROVAL_POLICIES = ["require_approval", "auto_send"] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];
/** spec 002 campaigns.type: the kinds of motion the spec names (the API accepts others; the editor offers these). */
export const CAMPAIGN_TYPES = ["event", "membership", "platform", "onboarding"] as const;
/** spec 002 campaigns.owner_role: the agents and reps that work a campaign (the API accepts others). */
export const OWNER_ROLES = ["roles.bdr", "roles.sales", "roles.cs"] as const;
export const GOALS = ["awareness", "pipeline", "credibility", "marketing_relief"] as const;
export type Goal = (typeof GOALS)[number];
