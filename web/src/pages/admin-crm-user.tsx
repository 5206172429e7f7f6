// Admin › People: a person's user id in the connected CRM (issue 61, docs/teams.md "Owners"). A
// contact whose CRM owner is that user becomes this person's. Shown on every row; set, changed or
// cleared for an active person (PUT /api/v1/admin/people/:id/crm-user). The API's refusals are
// shown under the field: an id another person carries (CRM_USER_TAKEN, naming them) and one longer
// than 200 characters (VALIDATION_FAILED, said in words here).
import { type FormEvent, useState } from "react";
import { ApiError, put } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { useAction } from "../use-api.ts";

export const CRM_USER_ID_MAX = 200; // the route's maxLength

interface CrmPerson {
  principal_id: string;
  display_name: string;
  active: boolean;
  crm_user_id: string | null;
}

/**
 * The API's refusal under the field. The length check's own words name JSON paths and the schema's
 * branches ("body/crm_user_id must NOT have more than 200 characters; … must be null; …"): said
 * here as a sentence, with the API's code beside it.
 */
function CrmUserError({ error, value }: { error: unknown; value: string }) {
  const n = value.trim().length;
  const tooLong = error instanceof ApiError && error.code === "VALIDATION_FAILED" && n > CRM_USER_ID_MAX;
  const shown = tooLong
    ? new ApiError(error.status, {
        code: error.code,
        message: `A CRM user id is at most ${CRM_USER_ID_MAX} characters; this one has ${n}.`,
        next_action: "Copy the id from the CRM's user list, without anything around it.",
      })
    : error;
  return <ErrorNote error={shown} testId="crm-user-refusal" />;
}

export function CrmUserCell({
  person: p,
  onSaved,
}: {
  person: CrmPerson;
  onSaved: (message: string) => void;
}) {
  const action = useAction();
  // null: not editing
  const [draft, setDraft] = useState<string | null>(null);
  const inputId = `crm-user-${p.principal_id}`;

  const save = async (next: string | null) => {
    const url = `/api/v1/admin/people/${p.principal_id}/crm-user`;
    if (await action.run(() => put(url, { crm_user_id: next }))) {
      setDraft(null);
      onSaved(
        next
          ? `${p.display_name}'s CRM user id is now ${next}.`
          : `${p.display_name} has no CRM user id now; the CRM's owner no longer names them.`,
      );
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft?.trim()) void save(draft.trim());
  };

  if (draft === null)
    return (
      <div>
        <code data-testid="crm-user-id">{p.crm_user_id ?? "—"}</code>{" "}
        {p.active ? (
          <button
            type="button"
            aria-label={`${p.crm_user_id ? "Change" : "Set"} the CRM user id of ${p.display_name}`}
            onClick={() => {
              action.clear();
              setDraft(p.crm_user_id ?? "");
            }}
          >
            {p.crm_user_id ? "Change" : "Set"}
          </button>
        ) : null}
      </div>
    );
  return (
    <form aria-label={`${p.display_name}'s CRM user id`} onSubmit={submit}>
      <label htmlFor={inputId}>CRM user id of {p.display_name}</label>
      <input
        id={inputId}
        value={draft}
        aria-describedby={`${inputId}-hint`}
        aria-invalid={action.error ? true : undefined}
        onChange={(e) => setDraft(e.target.value)}
      />
      <p id={`${inputId}-hint`} className="muted">
        As the CRM's user list shows it (at most {CRM_USER_ID_MAX} characters); one person per id.
      </p>
      <button type="submit" className="primary" disabled={action.busy || !draft.trim()}>
        Save
      </button>{" "}
      {p.crm_user_id ? (
        <button type="button" disabled={action.busy} onClick={() => void save(null)}>
          Clear
        </button>
      ) : null}{" "}
      <button type="button" onClick={() => setDraft(null)}>
        Cancel
      </button>
      <CrmUserError error={action.error} value={draft} />
    </form>
  );
}
