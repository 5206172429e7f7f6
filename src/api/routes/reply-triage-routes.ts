// /api/v1/replies/triage…: the reply triage queue (issue 56 items 2-3); the labelled examples as
// JSONL and the agreement rate. Thin: the role is checked before the arguments (preValidation),
// then one domain function.
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import {
  countTriage,
  decideReplies,
  decideReply,
  EXAMPLE_READER_ROLES,
  examplesJsonl,
  getTriageReply,
  listReplyExamples,
  listTriage,
  replyAgreement,
  requireTriager,
} from "../../campaigns/index.ts";
import type { RouteModule } from "../context.ts";
import {
  BulkDecideBody,
  BulkDecideResult,
  DecideBody,
  DecideResult,
  ExamplesQuery,
  ReplyAgreement,
  TriageCount,
  TriageListQuery,
  TriageReply,
  TriageReplyDetail,
} from "../schemas/reply-triage.ts";
import { bulkDecisionInput, bulkDecisionResults, decisionInput } from "../schemas/reply-triage-input.ts";
import { IdParam, stdErrors } from "../schemas.ts";

const tags = ["replies"];
const Params = Type.Object({ id: IdParam("reply") });
const triager = (action: string) => ({
  preValidation: async (req: { principal: Parameters<typeof requireTriager>[0] }) =>
    requireTriager(req.principal, action),
});

export const replyTriageRoutes: RouteModule = (app, deps) => {
  app.addSchema(TriageReply);
  app.addSchema(TriageReplyDetail);

  app.get(
    "/api/v1/replies/triage",
    {
      ...triager("read the reply triage queue"),
      schema: {
        tags,
        summary:
          "The reply triage queue: replies that wait for a person, oldest first (status=decided|auto for the others); each principal sees the campaigns its role owns (RevOps, slm, admin: all)",
        querystring: TriageListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref("TriageReply")),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      listTriage(deps.db, req.principal, {
        status: req.query.status,
        campaign: req.query.campaign,
        owner: req.query.owner,
        contactId: req.query.contact_id,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );

  app.get(
    "/api/v1/replies/triage/count",
    {
      ...triager("read the reply triage queue"),
      schema: {
        tags,
        summary: "How many replies wait for this principal, and since when (the navigation's badge)",
        response: { 200: TriageCount, ...stdErrors },
      },
    },
    async (req) => countTriage(deps.db, req.principal),
  );

  app.get(
    "/api/v1/replies/triage/:id",
    {
      ...triager("read the reply triage queue"),
      schema: {
        tags,
        summary:
          "One reply in triage: its own words and the quoted original apart, the reading, the contact and account, and what each choice will do",
        params: Params,
        response: { 200: Type.Ref("TriageReplyDetail"), ...stdErrors },
      },
    },
    async (req) => getTriageReply(deps.db, req.principal, req.params.id),
  );

  app.post(
    "/api/v1/replies/triage/:id/decide",
    {
      ...triager("decide replies in triage"),
      schema: {
        tags,
        summary:
          "Decide a reply: continue, exit (reason), opt_out, later (date), referral (person), handoff, not_a_reply. The first decision wins (409 REPLY_ALREADY_DECIDED for the next); the same principal repeating it gets the stored outcome",
        params: Params,
        body: DecideBody,
        response: { 200: DecideResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      return decideReply(deps.db, req.principal, decisionInput(req.params.id, b), deps.now());
    },
  );

  app.post(
    "/api/v1/replies/triage/decide",
    {
      ...triager("decide replies in triage"),
      schema: {
        tags,
        summary:
          "One decision for many replies (not referral: it names a person a reply); each decided as alone, in order, with its own result",
        body: BulkDecideBody,
        response: { 200: BulkDecideResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const answers = await decideReplies(
        deps.db,
        req.principal,
        b.reply_ids,
        bulkDecisionInput(b),
        deps.now(),
      );
      return { results: bulkDecisionResults(b.reply_ids, answers) };
    },
  );

  app.get(
    "/api/v1/replies/examples.jsonl",
    {
      preValidation: async (req) =>
        requireRole(req.principal, "export labelled reply examples", ...EXAMPLE_READER_ROLES),
      schema: {
        tags,
        summary:
          "The labelled examples (replies decided in triage: the text, what the classifier said, the decision and the intent it implies, who decided) as JSON Lines, oldest decision first",
        querystring: ExamplesQuery,
        produces: ["application/x-ndjson"],
        response: {
          200: Type.String({ description: "one JSON object a line (application/x-ndjson)" }),
          ...stdErrors,
        },
      },
    },
    async (req, reply) => {
      const xs = await listReplyExamples(deps.db, req.principal, {
        since: req.query.since ? new Date(req.query.since) : undefined,
        limit: req.query.limit,
      });
      return reply.type("application/x-ndjson; charset=utf-8").send(examplesJsonl(xs));
    },
  );

  app.get(
    "/api/v1/learning/reply-agreement",
    {
      schema: {
        tags,
        summary:
          "How often people agreed with the reply classifier, per intent it read and language (replies decided in triage)",
        response: { 200: ReplyAgreement, ...stdErrors },
      },
    },
    async (req) => replyAgreement(deps.db, req.principal),
  );
};
