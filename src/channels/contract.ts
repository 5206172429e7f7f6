// The channels module's browser-safe door (issue 70 item 2): what web/ and the bottom floor import by value.
// Every file it re-exports is on .dependency-cruiser.cjs's BROWSER_SAFE list.
export {
  CHANNEL_KINDS,
  CHANNELS,
  type ChannelName,
  type ChannelTaskKind,
  CONTENT_TYPES,
  type ContentType,
  channelLabel,
  hasSubject,
  isChannelName,
  isSendingChannel,
  type OutcomeRule,
  TASK_OUTCOMES,
  type TaskOutcome,
  taskKindOf,
} from "./channel-kinds.ts";
