// The channel kinds, in one table (issue 59 item 2; kysely's Dialect is the model: one object per
// kind bundles what the engine, the coordinator, the inbox and the workspace need to know of it).
// Every channel union, list and SQL CHECK is derived from CHANNEL_KINDS (test/channels/
// channel-kinds.test.ts holds db/schema.sql's checks to it). A leaf: it imports nothing, so the
// database's table types and the workspace (web/) read it too.

/** spec 002 campaign_sequences.content_type: what a step says, whatever its channel. */
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

/** What one channel kind is. */
export interface ChannelKind {
  /** How the workspace names it. */
  readonly label: string;
  /**
   * spec 002 "Channels": 'sends' — the engine sends an approved item itself (email over SMTP);
   * 'task' — it becomes a person's task (engine_rep_tasks, of `taskKind`), and the person marking
   * it done is the send.
   */
  readonly delivery: "sends" | "task";
  /** engine_rep_tasks.kind of the task a 'task' channel opens (null: it sends itself). */
  readonly taskKind: string | null;
  /**
   * How the coordinator counts a touch (spec 001 touch caps: one touch per contact per local day,
   * the cap per rolling 7 days): one touch per item, recorded when it is sent ('sent') or when its
   * task is marked done ('task_done'), gated as a send at that moment either way.
   */
  readonly touchAt: "sent" | "task_done";
  /** The contact's column that addresses it (the send item's to_id), and what is missing without it. */
  readonly address: { readonly column: "email" | "linkedin_url"; readonly missing: string };
  /** A step has a subject (subject_template, the draft's subject). */
  readonly subject: boolean;
  /** A step may follow up in the thread of an earlier step of the same channel (issue 12). */
  readonly threads: boolean;
  /**
   * Its sending limits beside the coordinator's caps: 'per_mailbox_daily' — spec 002's
   * configurable per-mailbox daily limit with its warm-up ramp (mailbox_limits, UTC days); null —
   * none of its own (a person's pace).
   */
  readonly limit: "per_mailbox_daily" | null;
  /** The content types a step of it may carry. */
  readonly contentTypes: readonly ContentType[];
}

export const CHANNEL_KINDS = {
  email: {
    label: "Email",
    delivery: "sends",
    taskKind: null,
    touchAt: "sent",
    address: { column: "email", missing: "email address" },
    subject: true,
    threads: true,
    limit: "per_mailbox_daily",
    contentTypes: CONTENT_TYPES,
  },
  // LinkedIn has no sending API: the rep sends the approved message and marks the task done
  linkedin: {
    label: "LinkedIn",
    delivery: "task",
    taskKind: "linkedin_touch",
    touchAt: "task_done",
    address: { column: "linkedin_url", missing: "LinkedIn URL" },
    subject: false,
    threads: false,
    limit: null,
    contentTypes: CONTENT_TYPES,
  },
} as const satisfies Record<string, ChannelKind>;

/** A channel's name: a key of CHANNEL_KINDS ('email' | 'linkedin'). */
export type ChannelName = keyof typeof CHANNEL_KINDS;

/** Every channel, in the table's order. */
export const CHANNELS = Object.keys(CHANNEL_KINDS) as readonly ChannelName[];

/** The channels whose items the engine sends itself (channel_deliveries holds only theirs). */
export const SENDING_CHANNELS: readonly ChannelName[] = CHANNELS.filter(
  (c) => CHANNEL_KINDS[c].delivery === "sends",
);

/** engine_rep_tasks.kind of the task channels' tasks ('linkedin_touch'). */
export type ChannelTaskKind = NonNullable<(typeof CHANNEL_KINDS)[ChannelName]["taskKind"]>;

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === "string" && Object.hasOwn(CHANNEL_KINDS, value);
}

/** Whether the engine sends an approved item of this channel itself (false: a person's task; unknown: false). */
export const isSendingChannel = (name: string): boolean =>
  isChannelName(name) && CHANNEL_KINDS[name].delivery === "sends";

/** The task an approved item of a task channel opens; a sending channel opens none (an error). */
export function taskKindOf(name: ChannelName): ChannelTaskKind {
  const kind = CHANNEL_KINDS[name].taskKind;
  if (kind === null) throw new Error(`channel '${name}' sends itself: it opens no task`);
  return kind;
}

/** Whether a step (and a draft) of this channel has a subject (unknown: false). */
export const hasSubject = (name: string): boolean => isChannelName(name) && CHANNEL_KINDS[name].subject;

/** The workspace's name for a channel (an unknown one is shown as it is). */
export const channelLabel = (name: string): string =>
  isChannelName(name) ? CHANNEL_KINDS[name].label : name;
