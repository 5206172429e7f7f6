// What an enrollment carries besides its contact and campaign (spec 002 campaign_contacts.goal and
// notes: step 2's proof asset depends on the goal, the drafter reads the notes): one pair of
// fields for every place that enrolls, the prospect page's form and the campaign page's panel
// (issue 60: the campaign page's panel had neither).
import { GoalSelect } from "./goal-select.tsx";

export interface EnrollmentExtras {
  goal: string;
  notes: string;
}

export const NO_EXTRAS: EnrollmentExtras = { goal: "", notes: "" };

/** The API's goal and notes of an enrollment: only those a person gave. */
export function extrasBody(x: EnrollmentExtras): { goal?: string; notes?: string } {
  const notes = x.notes.trim();
  return { ...(x.goal ? { goal: x.goal } : {}), ...(notes ? { notes } : {}) };
}

export function EnrollmentFields({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: EnrollmentExtras;
  onChange(v: EnrollmentExtras): void;
}) {
  return (
    <>
      <GoalSelect
        id={`${idPrefix}-goal`}
        value={value.goal}
        onChange={(goal) => onChange({ ...value, goal })}
        emptyLabel="— none —"
      />
      <div className="field grow">
        <label htmlFor={`${idPrefix}-notes`}>Notes for the drafter</label>
        <input
          id={`${idPrefix}-notes`}
          maxLength={4000}
          value={value.notes}
          onChange={(e) => onChange({ ...value, notes: e.target.value })}
        />
      </div>
    </>
  );
}
