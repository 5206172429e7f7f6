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

/**
 * What a person's record of a call means (spec 001 gate 3 counts "touches to this prospect": a call
 * is one when it reached them or left them a message). `after`: the sequence goes on ('continue'),
 * may end by the campaign's exit rules (a connected call may carry an exit reason: on_exit routes
 * it), or the channel is suppressed for the contact (the number is not theirs or not a number).
 * docs/campaigns.md "Phone calls" has this table.
 */
export interface OutcomeRule {
  readonly counts: boolean;
  readonly after: "continue" | "exit_rules" | "suppress_channel";
}

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
  readonly address: {
    readonly column: "email" | "linkedin_url" | "phone";
    readonly missing: string;
    /** The contact's column that suppresses this channel alone (an outcome's 'suppress_channel'). */
    readonly suppressedAt?: "phone_suppressed_at";
  };
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
  /**
   * The outcomes a person records when the task is done, each with its rule (null: done is the
   * send, one outcome: a touch).
   */
  readonly outcomes: Readonly<Record<string, OutcomeRule>> | null;
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
    outcomes: null,
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
    outcomes: null,
  },
  // issue 59 item 6a: the rep calls with the drafted script and records how the call went
  phone: {
    label: "Phone call",
    delivery: "task",
    taskKind: "phone_call",
    touchAt: "task_done",
    address: { column: "phone", missing: "usable phone number", suppressedAt: "phone_suppressed_at" },
    subject: false,
    threads: false,
    limit: null,
    contentTypes: CONTENT_TYPES,
    outcomes: {
      connected: { counts: true, after: "exit_rules" },
      voicemail: { counts: true, after: "continue" },
      no_answer: { counts: false, after: "continue" },
      wrong_number: { counts: false, after: "suppress_channel" },
      bad_number: { counts: false, after: "suppress_channel" },
    },
  },
} as const satisfies Record<string, ChannelKind>;

/** A channel's name: a key of CHANNEL_KINDS ('email' | 'linkedin' | 'phone'). */
export type ChannelName = keyof typeof CHANNEL_KINDS;

/** Every channel, in the table's order. */
export const CHANNELS = Object.keys(CHANNEL_KINDS) as readonly ChannelName[];

/** The channels whose items the engine sends itself (channel_deliveries holds only theirs). */
export const SENDING_CHANNELS: readonly ChannelName[] = CHANNELS.filter(
  (c) => CHANNEL_KINDS[c].delivery === "sends",
);

/** engine_rep_tasks.kind of the task channels' tasks ('linkedin_touch'). */
export type ChannelTaskKind = NonNullable<(typeof CHANNEL_KINDS)[ChannelName]["taskKind"]>;

type OutcomesOf<K extends ChannelName> = (typeof CHANNEL_KINDS)[K]["outcomes"];
/** An outcome a person records on a task (engine_rep_tasks.outcome): a call's. */
export type TaskOutcome = {
  [K in ChannelName]: OutcomesOf<K> extends null ? never : keyof OutcomesOf<K>;
}[ChannelName];
export const TASK_OUTCOMES = [
  ...new Set(CHANNELS.flatMap((c) => Object.keys(CHANNEL_KINDS[c].outcomes ?? {}))),
] as readonly TaskOutcome[];

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
