// The per-account weekly touch cap for ABM (issue 61 item 5): at most N touches to all contacts of
// one account in any rolling 7 days, held by the coordinator's gate 3 beyond it. A segment sets the
// default for its accounts (the segment caps table), an account its own (the account's people page);
// empty clears it. RevOps and admins edit it; the API refuses anything but 1 to 1000 and the refusal
// is shown beside the field.

import { useState } from "react";
import { put } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

/** A number field that saves a nullable cap (1 to 1000) with `save`. */
export function TouchCapField({
  id,
  label,
  value,
  emptyNote,
  save,
  onSaved,
}: {
  id: string;
  label: string;
  value: number | null;
  /** what an empty field means ("no cap", "the segment's: 6") */
  emptyNote: string;
  save(cap: number | null): Promise<unknown>;
  onSaved(): void;
}) {
  const [text, setText] = useState(value === null ? "" : String(value));
  const [saved, setSaved] = useState<string | null>(null);
  const act = useAction();
  const submit = async () => {
    setSaved(null);
    const n = text.trim() === "" ? null : Number(text);
    if (await act.run(() => save(n))) {
      setSaved(n === null ? `Cleared: ${emptyNote}.` : `Saved: at most ${n} touches a week.`);
      onSaved();
    }
  };
  return (
    <form
      className="row"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={1000}
        step={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="none"
        style={{ width: "5rem" }}
        aria-describedby={`${id}-note`}
      />
      <button type="submit" disabled={act.busy || text === (value === null ? "" : String(value))}>
        Save
      </button>
      <span id={`${id}-note`} className="muted" role="status" data-testid={`${id}-saved`}>
        {saved ?? (value === null ? emptyNote : "")}
      </span>
      <ErrorNote error={act.error} testId={`${id}-error`} />
    </form>
  );
}

type AccountCap = ApiResponse<"getAccountTouchCap">;

/** An account's own cap over its segment's, for RevOps and admins (nothing for other roles). */
export function AccountTouchCap({ accountId }: { accountId: string }) {
  const { has } = useSession();
  const allowed = has("revops", "admin");
  const cap = useApi<AccountCap>(
    allowed ? `/api/v1/accounts/${encodeURIComponent(accountId)}/touch-cap` : null,
  );
  if (!allowed) return null;
  if (!cap.data) return <ErrorNote error={cap.error} />;
  const c = cap.data;
  const fallback = c.segment_cap === null ? "no account cap" : `the segment's: ${c.segment_cap}`;
  return (
    <div data-testid="account-touch-cap">
      <p>
        Touches to all of {c.name}'s people, per rolling week:{" "}
        <strong>{c.effective_cap === null ? "no cap" : c.effective_cap}</strong>
        {c.weekly_touch_cap === null && c.segment_cap !== null ? (
          <span className="muted"> (segment {c.segment})</span>
        ) : null}
      </p>
      <TouchCapField
        id="account-touch-cap"
        label={`Weekly touch cap for ${c.name}`}
        value={c.weekly_touch_cap}
        emptyNote={fallback}
        save={(n) =>
          put(`/api/v1/accounts/${encodeURIComponent(accountId)}/touch-cap`, { weekly_touch_cap: n })
        }
        onSaved={cap.reload}
      />
    </div>
  );
}
