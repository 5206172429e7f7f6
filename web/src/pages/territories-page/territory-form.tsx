// The form of a new or changed territory: its name, owning team, priority and what it covers (a
// rule of conditions, a segment or a list of accounts). Preview comes first; Save is offered only
// for the change that was previewed, whose preview the page passes in below the buttons.
import type { FormEvent, ReactNode } from "react";
import type { ApiResponse } from "../../api-types.ts";
import type { PlayConfig } from "../../plays.ts";
import { type Definition, type Draft, FIELDS, type Field } from "./territory-draft.ts";

export function TerritoryForm({
  draft,
  setDraft,
  teams,
  segments,
  busy,
  current,
  onPreview,
  onSave,
  onCancel,
  children,
}: {
  draft: Draft;
  setDraft(d: Draft): void;
  teams: ApiResponse<"listTeams">["items"] | undefined;
  segments: PlayConfig["segments"];
  busy: boolean;
  current: boolean;
  onPreview(e: FormEvent): void;
  onSave(): Promise<void>;
  onCancel(): void;
  children: ReactNode;
}) {
  return (
    <form
      className="card"
      aria-label={draft.id ? `Edit territory ${draft.name}` : "New territory"}
      onSubmit={onPreview}
    >
      <h2>{draft.id ? `Edit ${draft.name}` : "New territory"}</h2>
      <div className="row">
        <div>
          <label htmlFor="terr-name">Name</label>
          <input
            id="terr-name"
            required
            maxLength={80}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="terr-team">Owning team</label>
          <select
            id="terr-team"
            required
            value={draft.team_id}
            onChange={(e) => setDraft({ ...draft, team_id: e.target.value })}
          >
            <option value="">Choose…</option>
            {teams?.map((t) => (
              <option key={t.team_id} value={t.team_id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="terr-priority">Priority</label>
          <input
            id="terr-priority"
            type="number"
            required
            min={1}
            max={10000}
            value={draft.priority}
            onChange={(e) => setDraft({ ...draft, priority: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="terr-kind">Covers</label>
          <select
            id="terr-kind"
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value as Definition["kind"] })}
          >
            <option value="rule">accounts matching a rule</option>
            <option value="segment">a segment</option>
            <option value="accounts">a list of accounts</option>
          </select>
        </div>
      </div>
      {draft.kind === "segment" ? (
        <div>
          <label htmlFor="terr-segment">Segment</label>
          <select
            id="terr-segment"
            required
            value={draft.segment}
            onChange={(e) => setDraft({ ...draft, segment: e.target.value })}
          >
            <option value="">Choose…</option>
            {segments.map((x) => (
              <option key={x.segment} value={x.segment}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {draft.kind === "accounts" ? (
        <div>
          <label htmlFor="terr-accounts">Account ids, one a line</label>
          <textarea
            id="terr-accounts"
            required
            rows={4}
            value={draft.accounts}
            onChange={(e) => setDraft({ ...draft, accounts: e.target.value })}
          />
        </div>
      ) : null}
      {draft.kind === "rule" ? (
        <fieldset>
          <legend>Every condition holds</legend>
          {draft.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no id of their own
            <div className="row" key={i}>
              <div>
                <label htmlFor={`cond-field-${i}`}>Condition {i + 1}</label>
                <select
                  id={`cond-field-${i}`}
                  value={r.field}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      rows: draft.rows.map((x, j) =>
                        j === i ? { ...x, field: e.target.value as Field } : x,
                      ),
                    })
                  }
                >
                  {FIELDS.map(([f, label]) => (
                    <option key={f} value={f}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor={`cond-value-${i}`}>
                  {r.field === "abm_active"
                    ? "yes or no"
                    : r.field === "domain"
                      ? "Domain"
                      : "Values, comma-separated"}
                </label>
                <input
                  id={`cond-value-${i}`}
                  required
                  value={r.text}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      rows: draft.rows.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                    })
                  }
                />
              </div>
              {draft.rows.length > 1 ? (
                <button
                  type="button"
                  aria-label={`Remove condition ${i + 1}`}
                  onClick={() => setDraft({ ...draft, rows: draft.rows.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              ) : null}
            </div>
          ))}
          {draft.rows.length < 10 ? (
            <button
              type="button"
              onClick={() => setDraft({ ...draft, rows: [...draft.rows, { field: "icp_tier", text: "" }] })}
            >
              Add a condition
            </button>
          ) : null}
        </fieldset>
      ) : null}
      <p>
        <button type="submit" disabled={busy}>
          Preview who moves
        </button>{" "}
        <button
          type="button"
          className="primary"
          disabled={busy || !current}
          title={current ? undefined : "Preview this change first"}
          onClick={() => void onSave()}
        >
          Save territory
        </button>{" "}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </p>
      {children}
    </form>
  );
}
