// Email-link sign-in over HTTP (issue 11; docs/auth.md). POST /auth/email/start sends a link (the
// answer never says whether the address exists); the link opens the workspace at
// /signin/email#client=…&code=…, whose page posts the code here to /auth/email/verify. The code
// is in the URL's fragment, which no server (ours included) ever receives or logs.
import type { EmailChannel } from "../../channels/index.ts";
import { createEmailChannel } from "../../channels/index.ts";
import type { RouteModule } from "../context.ts";
import { pending } from "./auth-email/common.ts";
import { postAuthEmailStartRoute } from "./auth-email/post-auth-email-start.ts";
import { postAuthEmailVerifyRoute } from "./auth-email/post-auth-email-verify.ts";

export const authEmailRoutes: RouteModule = (app, deps) => {
  let channel: (EmailChannel & { close?(): void }) | undefined;
  const channelOf = () => {
    channel ??= createEmailChannel(deps.db, deps.config, app.log);
    return channel;
  };
  app.addHook("onClose", async () => {
    await Promise.allSettled([...pending]);
    channel?.close?.();
  });

  postAuthEmailStartRoute(app, deps, channelOf); // POST /auth/email/start
  postAuthEmailVerifyRoute(app, deps); // POST /auth/email/verify
};
