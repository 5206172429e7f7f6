// The territories in priority order: each one's team, how many accounts it holds and what it
// covers in words, with Edit and Delete for those who may change them.
import type { Definition, Territory } from "./territory-draft.ts";

/** Says a definition in words, for the list. */
function describe(d: Definition, segmentName: (segment: string) => string): string {
  switch (d.kind) {
    case "segment":
      return `segment ${segmentName(d.segment)}`;
    case "accounts":
      return `${d.account_ids.length} named ${d.account_ids.length === 1 ? "account" : "accounts"}`;
    case "rule":
      return d.all
        .map((c) =>
          c.op === "in"
            ? `${c.field} in ${c.values.join(", ")}`
            : c.op === "ends_with"
              ? `domain ends with ${c.value}`
              : `ABM ${c.value ? "active" : "not active"}`,
        )
        .join(" and ");
  }
}

export function TerritoriesTable({
  items,
  editor,
  segmentName,
  busy,
  onEdit,
  onDelete,
}: {
  items: Territory[];
  editor: boolean;
  segmentName(slug: string): string;
  busy: boolean;
  onEdit(t: Territory): void;
  onDelete(t: Territory): void;
}) {
  return (
    <div className="table-wrap card">
      <table data-testid="territories">
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Territory</th>
            <th scope="col">Team</th>
            <th scope="col">Accounts in it</th>
            <th scope="col">Covers</th>
            {editor ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr key={t.territory_id} data-territory={t.name}>
              <td>{t.priority}</td>
              <td>{t.name}</td>
              <td>{t.team_name}</td>
              <td>{t.accounts}</td>
              <td>{describe(t.definition, segmentName)}</td>
              {editor ? (
                <td>
                  <button type="button" aria-label={`Edit ${t.name}`} onClick={() => onEdit(t)}>
                    Edit
                  </button>{" "}
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete ${t.name}`}
                    disabled={busy}
                    onClick={() => onDelete(t)}
                  >
                    Delete
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
