// POST /api/v1/mailboxes/:mailbox/{pause,resume}: Pause a mailbox (not read, sends nothing), or read it again and lift a pause it put on its own sending (admin, revops).
// Registered by mailboxes-routes.ts, once for each action.
import { setInboxPaused } from "../../../inbox/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Params, PauseResult } from "./common.ts";

export const postMailboxPauseResumeRoute = (app: BatonApp, deps: AppDeps, action: "pause" | "resume") => {
  app.post(
    `/api/v1/mailboxes/:mailbox/${action}`,
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          action === "pause"
            ? "Pause a mailbox: it is not read (its worker lets go within seconds) and sends nothing (admin, revops)"
            : "Read a paused mailbox again, from its stored cursor, and lift a pause it put on its own sending (complaint rate) (admin, revops)",
        params: Params,
        response: { 200: PauseResult, ...stdErrors },
      },
    },
    async (req) => setInboxPaused(deps.db, req.principal, req.params.mailbox, action === "pause", deps.now()),
  );
};
