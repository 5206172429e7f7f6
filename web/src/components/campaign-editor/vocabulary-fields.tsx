// The campaign editor's text field and its select of a known vocabulary (campaign type, owner
// role): the values the spec names and those the tenant's campaigns already use, with "Other…".
import { useState } from "react";
import type { FieldProblem } from "../../campaign-draft.ts";
import type { Campaign } from "../../campaigns.ts";
import { Field } from "../campaign-step-editor.tsx";

export function Text({
  id,
  path,
  text,
  value,
  problems,
  onChange,
  hint,
  disabled,
}: {
  id: string;
  path: string;
  text: string;
  value: string;
  problems: readonly FieldProblem[];
  onChange(v: string): void;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <Field id={id} text={text} path={path} problems={problems} hint={hint}>
      {(a) => <input {...a} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A known vocabulary's values: the spec's, then those the tenant's campaigns already use. */
export function known(spec: readonly string[], campaigns: Campaign[], key: "type" | "owner_role"): string[] {
  return [...new Set([...spec, ...campaigns.map((c) => c[key]).filter(Boolean)])];
}

// a value no slug-like vocabulary uses
const OTHER = "(other)";

/**
 * A select of the known values (issue 60 item 5: no free text for a known vocabulary), with "Other…"
 * for a value the tenant has not used yet: the API accepts any, the editor offers what exists.
 */
export function Choice({
  id,
  path,
  text,
  known,
  value,
  problems,
  onChange,
  hint,
}: {
  id: string;
  path: string;
  text: string;
  known: string[];
  value: string;
  problems: readonly FieldProblem[];
  onChange(v: string): void;
  hint?: string;
}) {
  const [other, setOther] = useState(value !== "" && !known.includes(value));
  return (
    <Field id={id} text={text} path={path} problems={problems} hint={hint}>
      {(a) => (
        <>
          <select
            {...a}
            value={other ? OTHER : value}
            onChange={(e) => {
              const v = e.target.value;
              setOther(v === OTHER);
              onChange(v === OTHER ? "" : v);
            }}
          >
            {value === "" && !other ? <option value="">Choose…</option> : null}
            {known.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
            <option value={OTHER}>Other…</option>
          </select>
          {other ? (
            <input
              id={`${id}-other`}
              aria-label={`${text}, another value`}
              value={value}
              onChange={(e) => onChange(e.target.value)}
            />
          ) : null}
        </>
      )}
    </Field>
  );
}
