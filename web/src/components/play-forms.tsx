// A play's documents edited as forms (spec 000: target_definition, suggested_cadence,
// success_criteria), validated live against the API's published JSON Schemas.
import { CHANNELS, CONTENT_TYPES, channelLabel } from "../../../src/channels/contract.ts";
import type { FieldError } from "../schemas.ts";

const TIERS = ["T1", "T2", "T3"];
const CADENCE_TYPES = ["sales", "nurture", "marketing", "abm"];

function errorsAt(errors: FieldError[], path: string): FieldError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}/`));
}

function FieldErrors({ errors, id }: { errors: FieldError[]; id: string }) {
  if (errors.length === 0) return null;
  return (
    <p className="field-error" id={id}>
      {errors.map((e) => `${e.path.split("/").slice(1).join(".") || "value"}: ${e.message}`).join("; ")}
    </p>
  );
}

const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Optional lists are omitted when empty (the schema wants at least one item when present). */
function setList(doc: any, key: string, text: string) {
  const items = list(text);
  const next = { ...doc };
  if (items.length) next[key] = items;
  else delete next[key];
  return next;
}

export function TargetForm({
  value,
  onChange,
  errors,
  disabled,
}: {
  value: any;
  onChange(v: any): void;
  errors: FieldError[];
  disabled?: boolean;
}) {
  const tiers: string[] = value?.icp_tiers ?? [];
  const err = errorsAt(errors, "target_definition");
  return (
    <fieldset disabled={disabled} aria-describedby={err.length ? "target-err" : undefined}>
      <legend>Target definition</legend>
      <div className="field">
        <span className="label-like">ICP tiers</span>
        <div className="row">
          {TIERS.map((t) => (
            <label key={t} className="inline">
              <input
                type="checkbox"
                checked={tiers.includes(t)}
                onChange={(e) => {
                  const next = e.target.checked ? [...tiers, t].sort() : tiers.filter((x) => x !== t);
                  const doc = { ...value };
                  if (next.length) doc.icp_tiers = next;
                  else delete doc.icp_tiers;
                  onChange(doc);
                }}
              />{" "}
              {t}
            </label>
          ))}
        </div>
      </div>
      {(
        [
          ["verticals", "Verticals"],
          ["lifecycle_stages", "Lifecycle stages"],
          ["intent_signals", "Intent signals"],
        ] as const
      ).map(([key, text]) => (
        <ListField
          key={key}
          id={`target-${key}`}
          label={text}
          value={value?.[key] ?? []}
          onCommit={(t) => onChange(setList(value, key, t))}
        />
      ))}
      <FieldErrors errors={err} id="target-err" />
    </fieldset>
  );
}

function ListField({
  id,
  label,
  value,
  onCommit,
}: {
  id: string;
  label: string;
  value: string[];
  onCommit(text: string): void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} defaultValue={value.join(", ")} onChange={(e) => onCommit(e.target.value)} />
      <span className="hint">Comma-separated</span>
    </div>
  );
}

export function CadenceForm({
  value,
  onChange,
  errors,
  disabled,
}: {
  value: any;
  onChange(v: any): void;
  errors: FieldError[];
  disabled?: boolean;
}) {
  const steps: any[] = value?.steps ?? [];
  const setStep = (i: number, patch: Record<string, unknown>) =>
    onChange({ ...value, steps: steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const top = errorsAt(errors, "suggested_cadence").filter((e) => !e.path.includes("/steps/"));
  return (
    <fieldset disabled={disabled}>
      <legend>Suggested cadence</legend>
      <div className="row">
        <div className="field">
          <label htmlFor="cad-type">Cadence type</label>
          <select
            id="cad-type"
            value={value?.cadence_type ?? ""}
            onChange={(e) => onChange({ ...value, cadence_type: e.target.value })}
          >
            {CADENCE_TYPES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cad-tpw">Touches per week</label>
          <input
            id="cad-tpw"
            type="number"
            step="any"
            value={value?.touches_per_week ?? ""}
            onChange={(e) => {
              const doc = { ...value };
              if (e.target.value === "") delete doc.touches_per_week;
              else doc.touches_per_week = Number(e.target.value);
              onChange(doc);
            }}
          />
        </div>
      </div>
      <ol className="stack">
        {steps.map((s, i) => {
          const err = errorsAt(errors, `suggested_cadence/steps/${i}`);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
            <li key={i} className="step-form">
              <div className="row">
                <div className="field">
                  <label htmlFor={`step-${i}-day`}>Step {i + 1} day</label>
                  <input
                    id={`step-${i}-day`}
                    type="number"
                    value={s.day ?? ""}
                    aria-invalid={err.some((e) => e.path.endsWith("/day")) || undefined}
                    onChange={(e) =>
                      setStep(i, { day: e.target.value === "" ? undefined : Number(e.target.value) })
                    }
                  />
                </div>
                <div className="field">
                  <label htmlFor={`step-${i}-channel`}>Channel</label>
                  <select
                    id={`step-${i}-channel`}
                    value={s.channel}
                    onChange={(e) => setStep(i, { channel: e.target.value })}
                  >
                    {CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {channelLabel(c)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`step-${i}-content`}>Content type</label>
                  <select
                    id={`step-${i}-content`}
                    value={s.content_type}
                    onChange={(e) => setStep(i, { content_type: e.target.value })}
                  >
                    {CONTENT_TYPES.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                </div>
                <button
                  type="button"
                  className="danger"
                  onClick={() => onChange({ ...value, steps: steps.filter((_, j) => j !== i) })}
                  aria-label={`Remove step ${i + 1}`}
                >
                  Remove
                </button>
              </div>
              <div className="field">
                <label htmlFor={`step-${i}-instructions`}>Step {i + 1} writing instructions</label>
                <textarea
                  id={`step-${i}-instructions`}
                  value={s.instructions ?? ""}
                  onChange={(e) => setStep(i, { instructions: e.target.value })}
                />
              </div>
              <FieldErrors errors={err} id={`step-${i}-err`} />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() =>
          onChange({
            ...value,
            steps: [
              ...steps,
              {
                day: (steps.at(-1)?.day ?? 0) + 3,
                channel: "email",
                content_type: "follow_up",
                instructions: "",
              },
            ],
          })
        }
      >
        Add step
      </button>
      <FieldErrors errors={top} id="cadence-err" />
    </fieldset>
  );
}

export function SuccessForm({
  value,
  onChange,
  errors,
  disabled,
  note,
}: {
  value: any;
  onChange(v: any): void;
  errors: FieldError[];
  disabled?: boolean;
  note?: string;
}) {
  const num = (key: string, text: string, hint: string, integer = false) => (
    <div className="field">
      <label htmlFor={`sc-${key}`}>{text}</label>
      <input
        id={`sc-${key}`}
        type="number"
        step={integer ? 1 : "any"}
        value={value?.[key] ?? ""}
        onChange={(e) => {
          const doc = { ...value };
          if (e.target.value === "") delete doc[key];
          else doc[key] = Number(e.target.value);
          onChange(doc);
        }}
      />
      <span className="hint">{hint}</span>
    </div>
  );
  return (
    <fieldset disabled={disabled}>
      <legend>Success criteria</legend>
      {note ? <p className="muted">{note}</p> : null}
      <div className="row">
        {num("meeting_rate", "Meeting rate", "0 to 1, e.g. 0.12")}
        {num("opp_create_rate", "Opportunity create rate", "0 to 1")}
        {num("target_acv", "Target ACV", "in account currency")}
        {num("evaluation_window_days", "Evaluation window (days)", "1 to 3650", true)}
      </div>
      <FieldErrors errors={errorsAt(errors, "success_criteria")} id="sc-err" />
    </fieldset>
  );
}
