// Mailboxes (issue 12 part 6): each sending mailbox's state (its IMAP inbox: connected, last sync,
// cursor, errors; its sending: sends today against today's limit and the warm-up ramp), its IMAP
// settings (the password is write-only), and pause / resume. Thin over src/inbox.
import type { RouteModule } from "../context.ts";
import { getMailboxRoute } from "./mailboxes/get-mailbox.ts";
import { listMailboxesRoute } from "./mailboxes/list-mailboxes.ts";
import { postMailboxPauseResumeRoute } from "./mailboxes/post-mailbox-pause-resume.ts";
import { putMailboxInboxRoute } from "./mailboxes/put-mailbox-inbox.ts";
import { putMailboxInboxTrustedAuthservIdsRoute } from "./mailboxes/put-mailbox-inbox-trusted-authserv-ids.ts";

export const mailboxesRoutes: RouteModule = (app, deps) => {
  listMailboxesRoute(app, deps); // GET /api/v1/mailboxes
  getMailboxRoute(app, deps); // GET /api/v1/mailboxes/:mailbox
  putMailboxInboxRoute(app, deps); // PUT /api/v1/mailboxes/:mailbox/inbox
  putMailboxInboxTrustedAuthservIdsRoute(app, deps); // PUT /api/v1/mailboxes/:mailbox/inbox/trusted-authserv-ids

  for (const action of ["pause", "resume"] as const) {
    postMailboxPauseResumeRoute(app, deps, action); // POST /api/v1/mailboxes/:mailbox/{pause,resume}
  }
};
