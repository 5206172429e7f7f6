// POST /api/v1/campaigns/test-send: a step as it is being edited, emailed to the signed-in person (not a touch).
// Registered by campaigns-routes.ts; the email channel is opened on first use and closed with the app.
import type { EmailChannel } from "../../../channels/index.ts";
import { createEmailChannel } from "../../../channels/index.ts";
import { type EditedStepPreviewRequest, testSendEditedStep } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { EditedStepPreviewBody, TestSendResult } from "../../schemas/step-previews.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postCampaignsTestSendRoute: RouteModule = (app, deps) => {
  let channel: (EmailChannel & { close?(): void }) | undefined;
  app.addHook("onClose", async () => channel?.close?.());
  app.post(
    "/api/v1/campaigns/test-send",
    {
      schema: {
        tags,
        summary:
          'A step as it is being edited, rendered as the preview renders it and emailed to the signed-in person\'s own address, subject prefixed "[Test] " (email steps; 5 per person per 10 minutes; not a touch)',
        body: EditedStepPreviewBody,
        response: { 200: TestSendResult, ...stdErrors },
      },
    },
    async (req) => {
      channel ??= createEmailChannel(deps.db, deps.config, app.log);
      return testSendEditedStep(deps.db, req.principal, req.body as EditedStepPreviewRequest, {
        engine: await deps.engine(),
        channel,
        now: deps.now(),
      });
    },
  );
};
