// The reason a play is retired, from those that fit its state (web/src/plays.ts RETIRE_REASONS).
import { label } from "../format.ts";

export function RetireReason(props: {
  id: string;
  title: string;
  reasons: string[];
  value: string;
  onChange(reason: string): void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.title}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.reasons.map((r) => (
          <option key={r} value={r}>
            {label(r)}
          </option>
        ))}
      </select>
    </div>
  );
}
