// Signal webhook sources (issue 69 item 2, docs/signals.md "The track webhook"): a Segment or
// RudderStack destination posts track and page events to its source's URL. The receiving route is
// public (no bearer token: `config: { public: true }`); each request proves itself with the HMAC of
// its raw body under the source's shared secret instead. The sources are managed by RevOps and
// admins. Thin over src/signals.
import type { BatonApp, RouteModule } from "../context.ts";
import { keysOf } from "./signal-sources/common.ts";
import { createSignalSourceRoute } from "./signal-sources/create-signal-source.ts";
import { deleteSignalSourceRoute } from "./signal-sources/delete-signal-source.ts";
import { listSignalSourcesRoute } from "./signal-sources/list-signal-sources.ts";
import { postSignalSourceRotateRoute } from "./signal-sources/post-signal-source-rotate.ts";
import { postSignalWebhookRoute } from "./signal-sources/post-signal-webhook.ts";

export const signalSourcesRoutes: RouteModule = async (app, deps) => {
  // the receiver: the body kept raw (the signature is over the bytes sent), in a scope of its own
  await app.register(async (scope: BatonApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 256 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    postSignalWebhookRoute(scope, deps); // POST /api/v1/inbound/signals/:client_id/:source_id
  });
  const keys = keysOf(deps);
  createSignalSourceRoute(app, deps, keys); // POST /api/v1/signals/sources
  listSignalSourcesRoute(app, deps); // GET /api/v1/signals/sources
  postSignalSourceRotateRoute(app, deps, keys); // POST /api/v1/signals/sources/:id/rotate
  deleteSignalSourceRoute(app, deps); // DELETE /api/v1/signals/sources/:id
};
