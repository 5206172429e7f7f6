// POST /api/v1/bounces: the bounce webhook (spec 002 "Bounces ... mark the item failed with the
// error"). A mail integration (agent token), RevOps or an admin reports a bounce that arrived after
// the server accepted the message. Thin over src/inbox/bounces.ts.
import { Type } from "typebox";
import { processBounce } from "../../inbox/index.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const BounceBody = Type.Object(
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

const BounceResult = Type.Object({
  message_id: Type.String(),
  send_item_id: Type.Union([Type.String(), Type.Null()]),
  status: Type.Literal("failed"),
  error: Type.String(),
  already_recorded: Type.Boolean({ description: "true: this bounce was recorded before; nothing changed" }),
});

export const bouncesRoutes: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/bounces",
    {
      schema: {
        tags: ["engine"],
        summary: "Report a bounce: the delivery and its send item fail with the error, never resent",
        body: BounceBody,
        response: { 200: BounceResult, ...stdErrors },
      },
    },
    async (req) =>
      processBounce(
        deps.db,
        req.principal,
        { messageId: req.body.message_id, error: req.body.error, transient: req.body.transient },
        deps.now(),
      ),
  );
};
