// Signals' schemas (issue 69, docs/signals.md): the batch POST /api/v1/signals takes, the MCP tool
// record_signal takes one item of, and what both answer.
import { Type } from "typebox";
import { ACCOUNT_REACHES, SIGNAL_SIDES } from "../../signals/tables.ts";
import { IsoTime, ItemError, Nullable, Uuid } from "../schemas.ts";

export const SignalTypeName = Type.String({
  pattern: "^[a-z][a-z0-9_]{0,63}$",
  description: "A type of the tenant's catalogue (pricing_page_visit, demo_request, …)",
});

export const SignalItemFields = {
  type: SignalTypeName,
  contact_id: Type.Optional({ ...Uuid, description: "The contact it is about" }),
  email: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 320,
      description:
        "The person's address, when the contact id is unknown (waits until the person is imported)",
    }),
  ),
  account_id: Type.Optional({ ...Uuid, description: "The account it is about (a company's signal)" }),
  domain: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 253,
      description:
        "The company's domain, when the account id is unknown (waits until the account is imported)",
    }),
  ),
  occurred_at: { ...IsoTime, description: "When it happened (not in the future)" },
  external_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The source's own id of the event: with source, the dedup key (a repeat changes nothing)",
    }),
  ),
  attributes: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
      description: "What else is known (at most 8 KB of JSON): a page's path, a round's amount, …",
    }),
  ),
  evidence_url: Type.Optional(
    Type.String({ maxLength: 2000, pattern: "^https?://", description: "Where the fact can be checked" }),
  ),
};

export const SignalItem = Type.Object(
  {
    ...SignalItemFields,
    source: Type.Optional(
      Type.String({
        pattern: "^[a-z0-9][a-z0-9_.:-]{0,63}$",
        description: "Where it came from (default api): with external_id, the dedup key",
      }),
    ),
  },
  { additionalProperties: false },
);

export const RecordSignalsBody = Type.Object(
  { signals: Type.Array(SignalItem, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const SignalOutcome = Type.Object({
  index: Type.Integer(),
  status: Type.Union([Type.Literal("recorded"), Type.Literal("duplicate"), Type.Literal("refused")]),
  signal_id: Nullable(Type.String()),
  external_id: Nullable(Type.String()),
  resolved: Type.Union(
    [Type.Literal("contact"), Type.Literal("account"), Type.Literal("waiting"), Type.Null()],
    { description: "waiting: kept with its email or domain until an import matches it" },
  ),
  contact_id: Nullable(Type.String()),
  account_id: Nullable(Type.String()),
  error: Type.Optional(ItemError),
});

export const RecordSignalsResult = Type.Object({
  received: Type.Integer(),
  recorded: Type.Integer(),
  duplicates: Type.Integer(),
  refused: Type.Integer(),
  waiting: Type.Integer(),
  contacts_changed: Type.Array(Type.String(), {
    description: "The contacts whose last sales or marketing signal moved forward",
  }),
  results: Type.Array(SignalOutcome),
});

export const SignalTypeView = Type.Object({
  name: Type.String(),
  label: Nullable(Type.String()),
  side: Type.Union(
    SIGNAL_SIDES.map((s) => Type.Literal(s)),
    {
      description: "spec 001's side: sales or marketing",
    },
  ),
  weight: Type.Integer(),
  half_life_days: Type.Integer(),
  account_reach: Type.Union(
    ACCOUNT_REACHES.map((s) => Type.Literal(s)),
    {
      description:
        "none: an account's signal stays the account's; all_contacts: it reaches every contact of it",
    },
  ),
});
