// Route the contacts that still have no owner with the territories as they are now: count first
// (a dry run), then route them, and say how (to their account's owner or by turn) and who is left.
import type { ApiResponse } from "../../api-types.ts";

export type AssignResult = ApiResponse<"assignUnownedContacts">;

export function AssignUnowned({
  assign,
  busy,
  onRun,
}: {
  assign: AssignResult | null;
  busy: boolean;
  onRun(dry: boolean): Promise<void>;
}) {
  return (
    <section className="card" aria-labelledby="assign-h">
      <h2 id="assign-h">Contacts without an owner</h2>
      <p className="muted">
        Imports route new contacts as they arrive. Route the contacts that still have no owner with the
        territories as they are now.
      </p>
      <p>
        <button type="button" disabled={busy} onClick={() => void onRun(true)}>
          Count who would be routed
        </button>{" "}
        {assign && !assign.saved ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void onRun(false)}>
            Route them
          </button>
        ) : null}
      </p>
      {assign ? (
        <p role="status" data-testid="assign-result">
          {assign.saved ? "Routed: " : "Would route: "}
          {assign.assigned} {assign.assigned === 1 ? "contact" : "contacts"} ({assign.by_account_owner} to
          their account's owner, {assign.accounts_by_turn}{" "}
          {assign.accounts_by_turn === 1 ? "account" : "accounts"} by turn); {assign.unrouted} left without
          owner (no account, no territory, or no active member).
        </p>
      ) : null}
    </section>
  );
}
