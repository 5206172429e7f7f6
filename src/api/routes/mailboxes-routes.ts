// Mailboxes (issue 12 part 6): each sending mailbox's state (its IMAP inbox: connected, last sync,
// cursor, errors; its sending: sends today against today's limit and the warm-up ramp), its IMAP
// settings (the password is write-only), and pause / resume. Thin over src/inbox.
import { setInboxPaused } from "../../inbox/index.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";
import { Params, PauseResult } from "./mailboxes/common.ts";
import { getMailboxRoute } from "./mailboxes/get-mailbox.ts";
import { listMailboxesRoute } from "./mailboxes/list-mailboxes.ts";
import { putMailboxInboxRoute } from "./mailboxes/put-mailbox-inbox.ts";
import { putMailboxInboxTrustedAuthservIdsRoute } from "./mailboxes/put-mailbox-inbox-trusted-authserv-ids.ts";

export const mailboxesRoutes: RouteModule = (app, deps) => {
  listMailboxesRoute(app, deps); // GET /api/v1/mailboxes
  getMailboxRoute(app, deps); // GET /api/v1/mailboxes/:mailbox
  putMailboxInboxRoute(app, deps); // PUT /api/v1/mailboxes/:mailbox/inbox
  putMailboxInboxTrustedAuthservIdsRoute(app, deps); // PUT /api/v1/mailboxes/:mailbox/inbox/trusted-authserv-ids

  for (const action of ["pause", "resume"] as const) {
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
      async (req) =>
        setInboxPaused(deps.db, req.principal, req.params.mailbox, action === "pause", deps.now()),
    );
  }
};
