// What brain agents read of signals to draft plays (issue 69 item 4): the recent signals (without
// the addresses they came with) and the trends per segment, this window against the one before. A
// play drafted from them cites the signals it answers in its proposal's payload (signal_ids).
import { Type } from "typebox";
import { SignalTrendsView } from "../../api/schemas/signal-view.ts";
import { listSignals, signalTrends } from "../../signals/index.ts";
import { defineTool } from "./tool.ts";

const Days = Type.Integer({ minimum: 1, maximum: 365 });

export const signalTrendTools = [
  defineTool({
    name: "list_signals",
    title: "List recent signals",
    description:
      "The workspace's recent buying signals, newest first: each one's type, when it happened, its source, and " +
      "the contact and account it is about (with the account's segment). Filter by type, segment or account. " +
      "Cite the signal_ids a play answers in its proposal's payload (signal_ids) when you draft it.",
    input: Type.Object(
      {
        type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        segment: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        account_id: Type.Optional(Type.String({ format: "uuid" })),
        days: Type.Optional(Days),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      },
      { additionalProperties: false },
    ),
    params: {
      type: "Only this signal type (list_signal_types)",
      segment: "Only signals of this segment's accounts",
      account_id: "Only this account's signals (from find_accounts)",
      days: "How far back, in days (default 14)",
      limit: "At most this many (default 50)",
    },
    output: Type.Object({
      items: Type.Array(
        Type.Object({
          signal_id: Type.String(),
          type: Type.String(),
          subject: Type.String(),
          occurred_at: Type.String(),
          source: Type.String(),
          contact_id: Type.Union([Type.String(), Type.Null()]),
          account_id: Type.Union([Type.String(), Type.Null()]),
          account_name: Type.Union([Type.String(), Type.Null()]),
          segment: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    }),
    write: false,
    run: async (ctx, b) => listSignals(ctx.db, ctx.principal, b, ctx.now()),
  }),
  defineTool({
    name: "signal_trends",
    title: "Signal trends per segment",
    description:
      "Signals per segment and type: how many in the last `days` (default 14), how many in the `days` before, " +
      "how many accounts, and the change. Read it to see which segment is warming to what, and draft a play " +
      "whose target_definition names those intent signals.",
    input: Type.Object(
      { days: Type.Optional(Days), segment: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
      { additionalProperties: false },
    ),
    params: { days: "The window in days (default 14)", segment: "Only this segment" },
    // one aggregate, not a page of a list: no cursor in, none out (the REST view keeps its null
    // next_cursor, as every REST list does)
    output: Type.Omit(SignalTrendsView, ["next_cursor"]),
    write: false,
    run: async (ctx, b) => signalTrends(ctx.db, ctx.principal, b, ctx.now()),
  }),
];
