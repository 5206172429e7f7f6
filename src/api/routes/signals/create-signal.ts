// POST /api/v1/signals: Record up to 1,000 signals (agents, revops, admin, slm, rep): each matched to its contact or account in your tenant (or kept waiting for an import), recorded once by source + external_id, moving the contacts' last sales or marketing signal forward.
// Registered by signals-routes.ts.
import { ingestSignals, signalInputOf } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { RecordSignalsBody, RecordSignalsResult } from "../../schemas/signals.ts";
import { stdErrors } from "../../schemas.ts";

export const createSignalRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/signals",
    {
      schema: {
        tags: ["signals"],
        summary:
          "Record up to 1,000 signals (agents, revops, admin, slm, rep): each matched to its contact or account in your tenant (or kept waiting for an import), recorded once by source + external_id, moving the contacts' last sales or marketing signal forward",
        body: RecordSignalsBody,
        response: { 200: RecordSignalsResult, ...stdErrors },
      },
    },
    async (req) =>
      ingestSignals(
        deps.db,
        req.principal,
        req.body.signals.map((s) => signalInputOf(s, "api")),
        { secret: deps.config.secret },
        deps.now(),
      ),
  );
};
