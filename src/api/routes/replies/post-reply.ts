// POST /api/v1/replies: submit an inbound reply; classified and logged, acted on when the reading
// is sure, otherwise held for triage. Registered by replies-routes.ts.
import { chosenClassifier, processReply } from "../../../campaigns/index.ts";
import type { ChannelName } from "../../../channels/contract.ts";
import type { RouteModule } from "../../context.ts";
import { ReplyBody, ReplyResult } from "../../schemas/replies.ts";
import { stdErrors } from "../../schemas.ts";

export const postReplyRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/replies",
    {
      schema: {
        tags: ["campaigns"],
        summary:
          "Submit an inbound reply: classified and logged; Baton exits, opts out or pauses on a sure reading, otherwise the enrollment is held and the reply waits in the triage queue (issue 56)",
        body: ReplyBody,
        response: { 200: ReplyResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const input = {
        contactId: b.contact_id,
        email: b.email,
        text: b.text,
        receivedAt: new Date(b.received_at),
        channel: b.channel as ChannelName | undefined,
        enrollmentId: b.enrollment_id,
        messageId: b.message_id,
        // issue 56: a person who read the reply and chose its intent decided it
        chosenByPerson: Boolean(b.intent) && req.principal.kind === "person",
      };
      const chosen = b.intent ? chosenClassifier(b.intent as any, null) : undefined;
      return processReply(deps.db, req.principal, input, deps.now(), chosen);
    },
  );
};
