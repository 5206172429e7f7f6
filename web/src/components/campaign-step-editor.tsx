// One step of the campaign editor: day, channel, content type, thread, the texts the drafter uses
// (instructions for AI drafters beside the subject and body templates a person writes) and A/B
// variants. Moved with buttons (keyboard and screen readers), never by drag alone.
import { type ReactNode, useRef } from "react";
import {
  CHANNELS,
  CONTENT_TYPES,
  channelHasSubject,
  type FieldProblem,
  problemsAt,
  type StepDraft,
  type VariantDraft,
} from "../campaign-draft.ts";
import { label } from "../format.ts";
import { MergeFieldPicker } from "./merge-field-picker.tsx";

/** The problems at one path, in red under the field; `id` ties it to the field (aria-describedby). */
export function FieldProblems({
  problems,
  path,
  id,
}: {
  problems: readonly FieldProblem[];
  path: string;
  id: string;
}) {
  const at = problemsAt(problems, path);
  if (at.length === 0) return null;
  return (
    <p className="field-error" id={id} data-path={path} data-testid="field-problem">
      {at.map((p) => p.message).join("; ")}
    </p>
  );
}

/** aria attributes for a field with problems at `path`. */
export function invalid(problems: readonly FieldProblem[], path: string, id: string) {
  const bad = problemsAt(problems, path).length > 0;
  return bad ? { "aria-invalid": true as const, "aria-describedby": id } : {};
}

export type FieldAria = { id: string } & ReturnType<typeof invalid>;

/** A labelled field with the API's problems at `path` under it, tied by aria-describedby. */
export function Field({
  id,
  text,
  path,
  problems,
  hint,
  children,
}: {
  id: string;
  text: string;
  path: string;
  problems: readonly FieldProblem[];
  hint?: string;
  children(aria: FieldAria): ReactNode;
}) {
  const err = `${id}-err`;
  return (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      {children({ id, ...invalid(problems, path, err) })}
      {hint ? <span className="hint">{hint}</span> : null}
      <FieldProblems problems={problems} path={path} id={err} />
    </div>
  );
}

export const options = (values: readonly string[]) =>
  values.map((v) => (
    <option key={v} value={v}>
      {label(v)}
    </option>
  ));

function VariantsEditor({
  at,
  variants,
  problems,
  onChange,
  stepNo,
  hasSubject,
}: {
  at: string;
  variants: VariantDraft[];
  problems: readonly FieldProblem[];
  onChange(v: VariantDraft[]): void;
  stepNo: number;
  /** the channel has a subject (email); a LinkedIn variant has none */
  hasSubject: boolean;
}) {
  const set = (i: number, patch: Partial<VariantDraft>) =>
    onChange(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const blank = (key: string): VariantDraft => ({ key, subject: "", instructions: "", weight: "1" });
  const path = `${at}/variants`;
  return (
    <details className="variants" open={variants.length > 0 || problems.some((x) => x.path.startsWith(path))}>
      <summary>
        A/B variants of step {stepNo} (
        {variants.length === 0 ? "none" : variants.map((v) => v.key).join(", ")})
      </summary>
      <FieldProblems problems={problems} path={path} id={`${at}-variants-err`} />
      {variants.length === 0 ? (
        <p className="muted">
          None: every contact gets the step's instructions. Variants split contacts 2 to 4 ways by weight.
        </p>
      ) : null}
      {variants.map((v, i) => {
        const p = `${path}/${i}`;
        const id = `${at.replaceAll("/", "-")}-v${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: variants are positional, as in the API
          <div key={i} className={hasSubject ? "variant-row" : "variant-row no-subject"}>
            <Field id={`${id}-key`} text="Label" path={`${p}/key`} problems={problems}>
              {(a) => (
                <input {...a} size={6} value={v.key} onChange={(e) => set(i, { key: e.target.value })} />
              )}
            </Field>
            <Field id={`${id}-weight`} text="Weight" path={`${p}/weight`} problems={problems}>
              {(a) => (
                <input
                  {...a}
                  type="number"
                  min={0}
                  step="any"
                  value={v.weight}
                  onChange={(e) => set(i, { weight: e.target.value })}
                />
              )}
            </Field>
            {hasSubject ? (
              <Field id={`${id}-subject`} text="Subject (optional)" path={`${p}/subject`} problems={problems}>
                {(a) => (
                  <input {...a} value={v.subject} onChange={(e) => set(i, { subject: e.target.value })} />
                )}
              </Field>
            ) : null}
            <Field id={`${id}-instr`} text="Instructions" path={`${p}/instructions`} problems={problems}>
              {(a) => (
                <textarea
                  {...a}
                  rows={2}
                  value={v.instructions}
                  onChange={(e) => set(i, { instructions: e.target.value })}
                />
              )}
            </Field>
            <button
              type="button"
              className="danger variant-remove"
              aria-label={`Remove variant ${v.key || i + 1} of step ${stepNo}`}
              onClick={() => onChange(variants.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button
        type="button"
        disabled={variants.length >= 4}
        onClick={() =>
          onChange(
            variants.length === 0
              ? [blank("A"), blank("B")]
              : [...variants, blank(String.fromCharCode(65 + variants.length))],
          )
        }
      >
        {variants.length === 0 ? `Add A/B variants to step ${stepNo}` : `Add a variant to step ${stepNo}`}
      </button>
    </details>
  );
}

export function StepEditor({
  step,
  index,
  count,
  problems,
  onChange,
  onMove,
  onRemove,
}: {
  step: StepDraft;
  index: number;
  count: number;
  problems: readonly FieldProblem[];
  onChange(s: StepDraft): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}) {
  const n = index + 1;
  const at = `/steps/${index}`;
  const id = `step-${step.uid}`;
  const set = (patch: Partial<StepDraft>) => onChange({ ...step, ...patch });
  const field = (name: keyof StepDraft & string, text: string, control: (aria: FieldAria) => ReactNode) => (
    <Field id={`${id}-${name}`} text={text} path={`${at}/${name}`} problems={problems}>
      {control}
    </Field>
  );
  const onText = (name: keyof StepDraft) => (e: { target: { value: string } }) =>
    set({ [name]: e.target.value });
  const subjectRef = useRef<HTMLTextAreaElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  // a LinkedIn message has no subject and no email thread (the fields are kept, not sent)
  const hasSubject = channelHasSubject(step.channel);
  return (
    <li className="step-editor" data-testid="step-editor" data-step={n}>
      <fieldset>
        <legend>Step {n}</legend>
        <div className="row step-tools">
          <button
            type="button"
            id={`${id}-up`}
            disabled={index === 0}
            aria-label={`Move step ${n} up`}
            onClick={() => onMove(-1)}
          >
            ↑ Up
          </button>
          <button
            type="button"
            id={`${id}-down`}
            disabled={index === count - 1}
            aria-label={`Move step ${n} down`}
            onClick={() => onMove(1)}
          >
            ↓ Down
          </button>
          <button
            type="button"
            className="danger"
            disabled={count === 1}
            aria-label={`Remove step ${n}`}
            onClick={onRemove}
          >
            Remove
          </button>
        </div>
        <FieldProblems problems={problems} path={`${at}/step_number`} id={`${id}-number-err`} />
        <div className="step-fields">
          {field("delay_days", "Day", (a) => (
            <input {...a} type="number" step={1} value={step.delay_days} onChange={onText("delay_days")} />
          ))}
          {field("channel", "Channel", (a) => (
            <select {...a} value={step.channel} onChange={onText("channel")}>
              {options(CHANNELS)}
            </select>
          ))}
          {field("content_type", "Content type", (a) => (
            <select {...a} value={step.content_type} onChange={onText("content_type")}>
              {options(CONTENT_TYPES)}
            </select>
          ))}
          {hasSubject
            ? field("thread", "Thread", (a) => (
                <select {...a} value={step.thread} onChange={onText("thread")}>
                  <option value="new">New email</option>
                  <option value="follow_up">Reply in the first email's thread</option>
                </select>
              ))
            : null}
        </div>
        <div className="step-texts">
          {field("template_instructions", "Instructions for the drafter", (a) => (
            <textarea
              {...a}
              rows={5}
              value={step.template_instructions}
              onChange={onText("template_instructions")}
            />
          ))}
          {hasSubject ? (
            <div>
              {field("subject_template", "Subject template", (a) => (
                <textarea
                  {...a}
                  ref={subjectRef}
                  rows={2}
                  value={step.subject_template}
                  placeholder={'{{contact.first_name | default: "there"}}, …'}
                  onChange={onText("subject_template")}
                />
              ))}
              <MergeFieldPicker
                id={`${id}-subject-merge`}
                target={subjectRef}
                value={step.subject_template}
                what={`the subject of step ${n}`}
                onInsert={(subject_template) => set({ subject_template })}
              />
            </div>
          ) : null}
          <div>
            {field("body_template", hasSubject ? "Body template" : "Message template", (a) => (
              <textarea
                {...a}
                ref={bodyRef}
                rows={5}
                value={step.body_template}
                onChange={onText("body_template")}
              />
            ))}
            <MergeFieldPicker
              id={`${id}-body-merge`}
              target={bodyRef}
              value={step.body_template}
              what={`the ${hasSubject ? "body" : "message"} of step ${n}`}
              onInsert={(body_template) => set({ body_template })}
            />
          </div>
        </div>
        <VariantsEditor
          at={at}
          stepNo={n}
          hasSubject={hasSubject}
          variants={step.variants}
          problems={problems}
          onChange={(variants) => set({ variants })}
        />
      </fieldset>
    </li>
  );
}
