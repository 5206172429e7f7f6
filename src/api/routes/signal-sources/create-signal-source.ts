// POST /api/v1/signals/sources: Add a webhook source (revops, admin); without a secret Baton makes one and shows it once.
// Registered by signal-sources-routes.ts.
import { Type } from "typebox";
import { addSignalSource } from "../../../signals/index.ts";
import { SIGNAL_SOURCE_KINDS } from "../../../signals/tables.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { type keysOf, Secret, SOURCES, Source } from "./common.ts";

export const createSignalSourceRoute = (app: BatonApp, deps: AppDeps, keys: ReturnType<typeof keysOf>) => {
  app.post(
    SOURCES,
    {
      schema: {
        tags: ["signals"],
        summary: "Add a webhook source (revops, admin); without a secret Baton makes one and shows it once",
        body: Type.Object(
          {
            kind: Type.Union(SIGNAL_SOURCE_KINDS.map((k) => Type.Literal(k))),
            name: Type.String({
              pattern: "^[a-z0-9][a-z0-9_.:-]{0,63}$",
              description: "The signals' source",
            }),
            secret: Type.Optional(Secret),
            max_age_s: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Source, ...stdErrors },
      },
    },
    async (req) =>
      addSignalSource(
        deps.db,
        req.principal,
        keys,
        { kind: req.body.kind, name: req.body.name, secret: req.body.secret, maxAgeS: req.body.max_age_s },
        deps.now(),
      ),
  );
};
