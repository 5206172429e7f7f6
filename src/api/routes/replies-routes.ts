// POST /api/v1/replies: the inbound reply webhook (spec 002 process_reply). Authenticated with an
// agent or mail integration token (or a person pasting a reply). Thin: parse, call processReply.
import { Type } from "typebox";
import { classifyReplyAs } from "../../campaigns/classify-reply-as.ts";
import { processReply } from "../../campaigns/process-reply.ts";
import type { RouteModule } from "../context.ts";
import { IsoTime, stdErrors } from "../schemas.ts";
import { ReplyBody, ReplyResult } from "./campaigns-schemas.ts";

export const ClassifyReplyBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 50_000, description: "The reply's text" }),
    received_at: Type.Optional(
      Type.String({
        format: "date-time",
        description: "When it arrived (default now): dates out-of-office returns",
      }),
    ),
  },
  { additionalProperties: false },
);
export const ReplyClassification = Type.Object({
  intent: Type.String({
    description: "interested | meeting | not_interested | unsubscribe | out_of_office | other",
  }),
  confidence: Type.Number(),
  classified_by: Type.String({ description: "The rule or model that decided" }),
  return_date: Type.Union([IsoTime, Type.Null()], {
    description: "For out_of_office: when the person is back",
  }),
  if_reported: Type.String({ description: "What reporting this reply (POST /api/v1/replies) would do" }),
});

export const repliesRoutes: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/replies",
    {
      schema: {
        tags: ["campaigns"],
        summary: "Submit an inbound reply: classified, logged, and the enrollment continues, pauses or exits",
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
        channel: b.channel as "email" | "linkedin" | undefined,
        enrollmentId: b.enrollment_id,
        messageId: b.message_id,
      };
      return processReply(deps.db, req.principal, input, deps.now());
    },
  );

  app.post(
    "/api/v1/replies/classify",
    {
      schema: {
        tags: ["campaigns"],
        summary: "Classify a reply without acting on it: its intent and what reporting it would do",
        body: ClassifyReplyBody,
        response: { 200: ReplyClassification, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const receivedAt = b.received_at ? new Date(b.received_at) : deps.now();
      return classifyReplyAs(req.principal, { text: b.text, receivedAt });
    },
  );
};
