// What the routes of signal-sources-routes.ts share.
import { Type } from "typebox";
import type { AppDeps } from "../../context.ts";
import { Nullable } from "../../schemas.ts";

export const Source = Type.Object({
  source_id: Type.String(),
  kind: Type.String({ description: "segment | rudderstack" }),
  name: Type.String({ description: "The signals' source" }),
  url: Type.String({ description: "Give this URL to the destination" }),
  max_age_s: Type.Integer(),
  created_at: Type.String(),
  last_event_at: Nullable(Type.String()),
  events_count: Type.String(),
  refused_count: Type.String(),
  last_refusal: Nullable(Type.String()),
  secret: Type.Optional(
    Type.String({ description: "The shared secret Baton made: shown this once, put it in the destination" }),
  ),
});
export const Secret = Type.String({ minLength: 16, maxLength: 500, writeOnly: true });
export const SOURCES = "/api/v1/signals/sources";
// The secret that seals a source's shared secret, and the URL its webhook is given at: read once,
// when the routes are registered.
export const keysOf = (deps: AppDeps) => ({ secret: deps.config.secret, publicUrl: deps.config.publicUrl });
