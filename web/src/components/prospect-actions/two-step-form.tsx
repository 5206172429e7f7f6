// The prospect actions' form in two steps: check with the coordinator (its verdict shown below the
// fields, which are then read-only), then confirm, change or cancel.
import type { ReactNode } from "react";
import { ErrorNote } from "../error-note.tsx";

/** A form in two steps: check with the coordinator, then confirm (or go back and change). */
export function TwoStep({
  title,
  checked,
  onCheck,
  confirmLabel,
  onConfirm,
  onReset,
  onCancel,
  danger,
  children,
  verdict,
  error,
  busy,
  refused,
}: {
  title: string;
  checked: boolean;
  onCheck(): void;
  confirmLabel: string;
  onConfirm(): void;
  onReset(): void;
  onCancel(): void;
  danger?: boolean;
  children: ReactNode;
  verdict: ReactNode;
  error: unknown;
  busy: boolean;
  /** the coordinator would block it: nothing to confirm */
  refused?: boolean;
}) {
  const id = title.toLowerCase().replace(/[^a-z]+/g, "-");
  return (
    <form
      className="card"
      aria-labelledby={id}
      onSubmit={(e) => {
        e.preventDefault();
        if (!checked) onCheck();
        else if (!refused) onConfirm();
      }}
    >
      <h3 id={id}>{title}</h3>
      <fieldset disabled={checked || busy}>{children}</fieldset>
      {verdict}
      <ErrorNote error={error} />
      <div className="row">
        {checked ? (
          <>
            {refused ? null : (
              <button type="submit" className={danger ? "danger" : "primary"} disabled={busy}>
                {confirmLabel}
              </button>
            )}
            <button type="button" onClick={onReset} disabled={busy}>
              Change
            </button>
          </>
        ) : (
          <button type="submit" className="primary" disabled={busy}>
            Check with the coordinator
          </button>
        )}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
