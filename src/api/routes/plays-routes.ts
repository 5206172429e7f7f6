// /api/v1/plays: the workspace (spec 000). Thin: parse, call one domain function, map the result.
import { Type } from "typebox";
import type { Principal } from "../../auth/principal.ts";
import {
  approvePlay,
  copyRetiredPlay,
  createDraft,
  type DraftInput,
  editPlay,
  getPlay,
  listQueue,
  type PlayEdit,
  pickUpPlay,
  playDocumentSchemas,
  playHistory,
  recordRetrospective,
  retirePlay,
} from "../../plays/index.ts";
import type { RouteModule } from "../context.ts";
import {
  ApproveBody,
  CreateDraftBody,
  EditBody,
  Play,
  PlayIdParams,
  PlayPage,
  PlayWithHistory,
  QueueQuery,
  RetireBody,
  RetrospectiveBody,
} from "../schemas/plays.ts";
import { stdErrors } from "../schemas.ts";
import { playsAdminRoutes } from "./plays-admin-routes.ts";
import { playsLibraryRoutes } from "./plays-library-routes.ts";
import { playsReadRoutes } from "./plays-read-routes.ts";

const tags = ["plays"];
const PlayRef = Type.Ref("Play");

export const playsRoutes: RouteModule = async (app, deps) => {
  for (const s of playDocumentSchemas) app.addSchema(s);
  app.addSchema(Play);
  const p = (req: { principal: Principal }) => req.principal;

  app.post(
    "/api/v1/plays",
    {
      schema: {
        tags,
        summary: "Draft a play (brain agents), logging its proposal or citing one",
        body: CreateDraftBody,
        response: { 201: PlayRef, ...stdErrors },
      },
    },
    async (req, reply) => {
      const play = await createDraft(deps.db, p(req), req.body as unknown as DraftInput, deps.now());
      return reply.status(201).send(play);
    },
  );

  app.get(
    "/api/v1/plays/queue",
    {
      schema: {
        tags,
        summary: "The workspace queue: draft and under_review plays, newest first",
        querystring: QueueQuery,
        response: { 200: PlayPage, ...stdErrors },
      },
    },
    async (req) => listQueue(deps.db, p(req), req.query as any, deps.now()),
  );

  app.get(
    "/api/v1/plays/:playId",
    {
      schema: {
        tags,
        summary: "One play (live or archived) with its history",
        params: PlayIdParams,
        response: { 200: PlayWithHistory, ...stdErrors },
      },
    },
    async (req) => {
      const play = await getPlay(deps.db, p(req), req.params.playId, deps.now());
      return { play, history: playHistory(play) };
    },
  );

  app.post(
    "/api/v1/plays/:playId/pickup",
    {
      schema: {
        tags,
        summary: "Pick up a draft for review (RevOps or SLM): draft -> under_review",
        params: PlayIdParams,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) => pickUpPlay(deps.db, p(req), req.params.playId, deps.now()),
  );

  app.patch(
    "/api/v1/plays/:playId",
    {
      schema: {
        tags,
        summary: "Edit a play under review (name, hypothesis, target, cadence); the edit is logged",
        params: PlayIdParams,
        body: EditBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) => editPlay(deps.db, p(req), req.params.playId, req.body as unknown as PlayEdit, deps.now()),
  );

  app.post(
    "/api/v1/plays/:playId/approve",
    {
      // every field is optional, so the body itself may be left out
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags,
        summary: "Approve as SLM or RevOps; the second approval (another person) activates the play",
        params: PlayIdParams,
        body: ApproveBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) => approvePlay(deps.db, p(req), req.params.playId, (req.body ?? {}) as any, deps.now()),
  );

  app.post(
    "/api/v1/plays/:playId/retire",
    {
      schema: {
        tags,
        summary: "Retire a play (RevOps) with a retire_reason; frees cap capacity at once",
        params: PlayIdParams,
        body: RetireBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) =>
      retirePlay(deps.db, p(req), req.params.playId, (req.body as any).retire_reason, deps.now()),
  );

  app.post(
    "/api/v1/plays/:playId/copy",
    {
      schema: {
        tags,
        summary: "Copy a retired play into a new draft (RevOps or SLM); the copy records its origin",
        params: PlayIdParams,
        response: { 201: PlayRef, ...stdErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await copyRetiredPlay(deps.db, p(req), req.params.playId, deps.now())),
  );

  app.put(
    "/api/v1/plays/:playId/retrospective",
    {
      schema: {
        tags,
        summary: "Record retrospective outcomes of an active or retired play (RevOps)",
        params: PlayIdParams,
        body: RetrospectiveBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) =>
      recordRetrospective(deps.db, p(req), req.params.playId, (req.body as any).outcomes, deps.now()),
  );

  await playsReadRoutes(app, deps);
  await playsAdminRoutes(app, deps);
  await playsLibraryRoutes(app, deps);
};
