// What a territory change would move (the dry run's preview): how many accounts and contacts, and
// the first accounts by name with the territory each leaves and joins.
import type { Preview } from "./territory-draft.ts";

type Ref = Preview["sample"][number]["from"];

export function PreviewCard({ preview }: { preview: Preview }) {
  const name = (r: Ref) => (r ? `${r.name} (${r.team_name})` : "no territory");
  return (
    <div data-testid="territory-preview" role="status">
      <p>
        <strong>
          {preview.accounts_moving} {preview.accounts_moving === 1 ? "account moves" : "accounts move"}
        </strong>
        , with {preview.contacts_moving} {preview.contacts_moving === 1 ? "contact" : "contacts"}.
        {preview.accounts_moving > preview.sample.length
          ? ` The first ${preview.sample.length} by name:`
          : ""}
      </p>
      {preview.sample.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Contacts</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((m) => (
                <tr key={m.account_id} data-moves={m.account_name}>
                  <td>{m.account_name}</td>
                  <td>{m.contacts}</td>
                  <td>{name(m.from)}</td>
                  <td>{name(m.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
