// What the routes of bounces-routes.ts share.
import { Type } from "typebox";

export const BounceBody = Type.Object(
  {
    message_id: Type.String({
      minLength: 3,
      maxLength: 998,
      description: "the Message-ID Baton sent the email with (as in the DSN), e.g. <abc@host>",
    }),
    error: Type.String({
      minLength: 1,
      maxLength: 400,
      description: "the bounce's words, e.g. 550 5.1.1 ...",
    }),
    transient: Type.Optional(Type.Boolean({ description: "a soft bounce (mailbox full); default false" })),
  },
  { additionalProperties: false },
);
export const BounceResult = Type.Object({
  message_id: Type.String(),
  send_item_id: Type.Union([Type.String(), Type.Null()]),
  status: Type.Literal("failed"),
  error: Type.String(),
  already_recorded: Type.Boolean({ description: "true: this bounce was recorded before; nothing changed" }),
});
