// TypeBox schemas of a reply (spec 002 process_reply): what a mailbox, an agent or a person logging
// it sends, with the class a person chose, and what Baton did with it.
import { Type } from "typebox";
import { CHANNELS, REPLY_INTENTS } from "../../campaigns/index.ts";
import { IsoTime, Lits, Nullable, Uuid } from "../schemas.ts";
import { ExitResult } from "./enrollments.ts";

export const ReplyBody = Type.Object(
  {
    contact_id: Type.Optional(Type.String({ maxLength: 64 })),
    email: Type.Optional(Type.String({ maxLength: 320 })),
    text: Type.String({ minLength: 1, maxLength: 50_000 }),
    received_at: IsoTime,
    channel: Type.Optional(Lits(CHANNELS)),
    enrollment_id: Type.Optional(Uuid),
    message_id: Type.Optional(
      Type.String({ maxLength: 998, description: "Message-ID; a duplicate is processed once" }),
    ),
    // issue 37 item 2: a person logging a reply keeps or overrules the classifier's class
    intent: Type.Optional(
      Lits(
        REPLY_INTENTS,
        "the class a person chose (POST /api/v1/replies/classify gives the classifier's); absent: classified here",
      ),
    ),
  },
  { additionalProperties: false },
);

export const ReplyResult = Type.Object({
  reply_id: Type.String(),
  duplicate: Type.Boolean(),
  contact_id: Type.String(),
  intent: Type.String(),
  confidence: Type.Number(),
  classified_by: Type.String(),
  action: Type.String({
    description:
      "exited | paused | opted_out | continued | no_enrollment | held (waits in the triage queue: GET /api/v1/replies/triage)",
  }),
  enrollment_id: Nullable(Type.String()),
  exit_reason: Nullable(Type.String()),
  return_date: Nullable(IsoTime),
  paused_until: Nullable(IsoTime),
  exit: Nullable(ExitResult),
  triage: Type.Optional(
    Type.String({ description: "auto (Baton acted alone) | pending (waits for a person) | decided" }),
  ),
  held_enrollment_ids: Type.Optional(Type.Array(Type.String(), { description: "what the reply held" })),
  policy_effects: Type.Optional(
    Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: "what the campaign's reply policy did to other campaigns and colleagues",
    }),
  ),
});
