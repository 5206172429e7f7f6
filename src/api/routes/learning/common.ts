// What the routes of learning-routes.ts share.
import { Type } from "typebox";
import { IdParam } from "../../schemas.ts";

export const Any = (description: string) => Type.Unknown({ description });
export const SlugParams = Type.Object({
  slug: Type.String({ maxLength: 64, description: "campaign slug or id" }),
});
export const PlayParams = Type.Object({ id: IdParam("play") });
export const Day = Type.String({ format: "date", description: "YYYY-MM-DD" });
export const FunnelQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false },
);
export const Rate = Type.Number({ minimum: 0, maximum: 1 });
export const Outcomes = Type.Object(
  {
    meeting_rate: Type.Optional(Rate),
    opp_create_rate: Type.Optional(Rate),
    acv: Type.Optional(Type.Number({ minimum: 0 })),
    sample_size: Type.Optional(Type.Integer({ minimum: 0 })),
    period: Type.Optional(Type.String({ maxLength: 40 })),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
