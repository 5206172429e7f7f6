// The JSON documents a play carries, in the shapes AGT-302 executes (spec 000: target_definition,
// suggested_cadence, success_criteria are JSON Schema validated). The schemas are published in the
// OpenAPI components under their $id; validation returns the path of every error.

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { Type } from "typebox";
import { CHANNELS, type ChannelName, CONTENT_TYPES, type ContentType } from "../channels/contract.ts";
import { BatonError } from "../errors/baton-error.ts";

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const TargetDefinition = Type.Object(
  {
    icp_tiers: Type.Optional(Type.Array(lit(["T1", "T2", "T3"]), { minItems: 1, uniqueItems: true })),
    verticals: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1 })),
    lifecycle_stages: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1 }),
    ),
    intent_signals: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1 })),
  },
  {
    $id: "PlayTargetDefinition",
    additionalProperties: false,
    minProperties: 1,
    description:
      "Who receives the play: ICP tiers, verticals, lifecycle stages, intent signals (at least one).",
  },
);

export const CadenceStep = Type.Object(
  {
    day: Type.Integer({ minimum: 0, maximum: 365, description: "Day offset from enrollment" }),
    channel: lit(CHANNELS),
    content_type: lit(CONTENT_TYPES),
    instructions: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);

export const SuggestedCadence = Type.Object(
  {
    cadence_type: lit(["sales", "nurture", "marketing", "abm"]),
    template_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    touches_per_week: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 14 })),
    steps: Type.Array(CadenceStep, {
      minItems: 1,
      maxItems: 20,
      description: "Steps in order; day offsets never decrease.",
    }),
  },
  {
    $id: "PlaySuggestedCadence",
    additionalProperties: false,
    description:
      "The sequence AGT-302 runs: cadence type, optional template, 1..20 steps with non-decreasing days.",
  },
);

const rate = Type.Number({ minimum: 0, maximum: 1 });
export const SuccessCriteria = Type.Object(
  {
    meeting_rate: Type.Optional(rate),
    opp_create_rate: Type.Optional(rate),
    target_acv: Type.Optional(Type.Number({ minimum: 0 })),
    evaluation_window_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  {
    $id: "PlaySuccessCriteria",
    additionalProperties: false,
    anyOf: [{ required: ["meeting_rate"] }, { required: ["opp_create_rate"] }, { required: ["target_acv"] }],
    description: "How the play is judged: at least one of meeting_rate, opp_create_rate, target_acv.",
  },
);

export const RetrospectiveOutcomes = Type.Object(
  {
    meeting_rate: Type.Optional(rate),
    opp_create_rate: Type.Optional(rate),
    acv: Type.Optional(Type.Number({ minimum: 0 })),
    sample_size: Type.Optional(Type.Integer({ minimum: 0 })),
    period: Type.Optional(Type.String({ maxLength: 40, description: "e.g. 2026-Q3" })),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  {
    $id: "PlayRetrospectiveOutcomes",
    additionalProperties: false,
    anyOf: [{ required: ["meeting_rate"] }, { required: ["opp_create_rate"] }, { required: ["acv"] }],
    description: "Measured results from cohort data, recorded by RevOps.",
  },
);

export const playDocumentSchemas = [
  TargetDefinition,
  SuggestedCadence,
  SuccessCriteria,
  RetrospectiveOutcomes,
];

export interface TargetDefinitionDoc {
  icp_tiers?: ("T1" | "T2" | "T3")[];
  verticals?: string[];
  lifecycle_stages?: string[];
  intent_signals?: string[];
}
export interface CadenceStepDoc {
  day: number;
  channel: ChannelName;
  content_type: ContentType;
  instructions: string;
}
export interface SuggestedCadenceDoc {
  cadence_type: "sales" | "nurture" | "marketing" | "abm";
  template_id?: string;
  touches_per_week?: number;
  steps: CadenceStepDoc[];
}
export interface SuccessCriteriaDoc {
  meeting_rate?: number;
  opp_create_rate?: number;
  target_acv?: number;
  evaluation_window_days?: number;
}
export interface RetrospectiveOutcomesDoc {
  meeting_rate?: number;
  opp_create_rate?: number;
  acv?: number;
  sample_size?: number;
  period?: string;
  notes?: string;
}

const schemas = {
  target_definition: TargetDefinition,
  suggested_cadence: SuggestedCadence,
  success_criteria: SuccessCriteria,
  retrospective_outcomes: RetrospectiveOutcomes,
};
export type PlayDocumentName = keyof typeof schemas;

// compiled on first use, not at import: compiling all four cost about 0.5 s of every start
let ajv: Ajv | undefined;
const validators = new Map<PlayDocumentName, ValidateFunction>();
function validatorOf(field: PlayDocumentName): ValidateFunction {
  let validate = validators.get(field);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({ allErrors: true, strict: false });
      (addFormats as unknown as (a: Ajv) => void)(ajv);
    }
    validate = ajv.compile(schemas[field]);
    validators.set(field, validate);
  }
  return validate;
}

export interface DocError {
  path: string;
  message: string;
}

function toErrors(field: string, errors: ErrorObject[] | null | undefined): DocError[] {
  const out: DocError[] = [];
  for (const e of errors ?? []) {
    // anyOf over "required" repeats one message per branch; one line says it better
    if (e.keyword === "required" && e.schemaPath.includes("anyOf")) continue;
    if (e.keyword === "anyOf") {
      out.push({ path: field + e.instancePath, message: "needs at least one metric" });
      continue;
    }
    const extra = e.keyword === "additionalProperties" ? ` (${(e.params as any).additionalProperty})` : "";
    out.push({ path: field + e.instancePath, message: `${e.message ?? "is invalid"}${extra}` });
  }
  return out;
}

/** The errors of one document, each with its path ("suggested_cadence/steps/2/day"). */
export function documentErrors(field: PlayDocumentName, doc: unknown): DocError[] {
  const validate = validatorOf(field);
  if (!validate(doc)) return toErrors(field, validate.errors);
  if (field === "suggested_cadence") {
    // spec 000 + 002: steps run in order, so day offsets never decrease
    const steps = (doc as SuggestedCadenceDoc).steps;
    const out: DocError[] = [];
    for (let i = 1; i < steps.length; i++) {
      if (steps[i].day < steps[i - 1].day) {
        out.push({
          path: `${field}/steps/${i}/day`,
          message: `must be >= ${steps[i - 1].day} (days never decrease)`,
        });
      }
    }
    return out;
  }
  return [];
}

/** Throws VALIDATION_FAILED listing every error of every given document (as the HTTP schema check does). */
export function assertDocuments(docs: Partial<Record<PlayDocumentName, unknown>>): void {
  const errors: DocError[] = [];
  for (const [field, doc] of Object.entries(docs)) {
    if (doc !== undefined) errors.push(...documentErrors(field as PlayDocumentName, doc));
  }
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
}
