// Role checkboxes shared by the admin's people and token forms.
export const ROLES = ["revops", "slm", "exec", "rep", "admin"] as const;

export function RolePicker({
  id,
  legend,
  value,
  onChange,
}: {
  id: string;
  legend: string;
  value: string[];
  onChange(roles: string[]): void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {ROLES.map((r) => (
        <span key={r} className="role-choice">
          <input
            type="checkbox"
            id={`${id}-${r}`}
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />{" "}
          <label className="inline" htmlFor={`${id}-${r}`}>
            {r}
          </label>{" "}
        </span>
      ))}
    </fieldset>
  );
}
