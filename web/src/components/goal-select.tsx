// The goal of an enrollment (spec 002 campaign_contacts.goal; step 2's proof asset depends on it),
// the list of src/campaigns/validate-definition.ts GOALS.
import { label } from "../format.ts";

export const GOALS = ["awareness", "pipeline", "credibility", "marketing_relief"] as const;

export function GoalSelect({
  id,
  value,
  onChange,
  emptyLabel = "— keep the hand-off's goal —",
}: {
  id: string;
  value: string;
  onChange(v: string): void;
  emptyLabel?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Goal</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        {GOALS.map((g) => (
          <option key={g} value={g}>
            {label(g)}
          </option>
        ))}
      </select>
    </div>
  );
}
