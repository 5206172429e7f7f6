// The companies a contact file names that are not yet accounts (issue 60 item 5): the dry run lists
// them with how many rows name each, and the person confirms creating them before the import sends
// create_accounts: true. Without the confirmation their rows are refused (unknown account).
import type { ApiResponse } from "../api-types.ts";

export type NewAccount = NonNullable<ApiResponse<"createImport">["new_accounts"]>[number];

/** The dry run's list, or null when it ran in the background (202) and could not say. */
export function NewAccountsChoice({
  accounts,
  refusedUnknown,
  confirmed,
  onConfirm,
}: {
  accounts: NewAccount[] | null;
  /** rows of the dry run refused unknown_account */
  refusedUnknown: number;
  confirmed: boolean;
  onConfirm: (yes: boolean) => void;
}) {
  if (accounts?.length === 0 || (accounts === null && refusedUnknown === 0)) return null;
  const n = accounts?.length;
  const contacts = accounts ? accounts.reduce((s, a) => s + a.rows, 0) : refusedUnknown;
  return (
    <div className="card warn-box" data-testid="new-accounts">
      <h2 id="new-accounts-title">Companies that are not yet accounts</h2>
      {accounts ? (
        <>
          <p>
            {n === 1 ? "1 company" : `${n} companies`} in this file {n === 1 ? "is" : "are"} not yet an
            account here ({contacts === 1 ? "1 contact names" : `${contacts} contacts name`}{" "}
            {n === 1 ? "it" : "them"}). Unless you create {n === 1 ? "it" : "them"}, those contacts are
            refused.
          </p>
          <table aria-labelledby="new-accounts-title">
            <thead>
              <tr>
                <th>Company</th>
                <th>Domain</th>
                <th>Contacts</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={`${a.name}|${a.domain ?? ""}`} data-testid="new-account">
                  <td>{a.name}</td>
                  <td>{a.domain ?? "(none)"}</td>
                  <td>{a.rows}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p data-testid="new-accounts-unlisted">
          This dry run ran in the background, which cannot list the companies: {refusedUnknown} rows name a
          company that is not an account. A smaller file lists them.
        </p>
      )}
      <p>
        <label className="inline">
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(e) => onConfirm(e.target.checked)}
            data-testid="create-accounts"
          />{" "}
          {n === undefined
            ? "Create the companies this file names that are not accounts, and import their contacts"
            : `Create ${n === 1 ? "this account" : `these ${n} accounts`} and import ${contacts === 1 ? "its contact" : `${n === 1 ? "its" : "their"} ${contacts} contacts`}`}
        </label>
      </p>
    </div>
  );
}

/** What the run did about them, as one sentence; null when there was nothing to say. */
export function newAccountsOutcome(
  accounts: NewAccount[] | undefined,
  created: boolean,
  refusedUnknown: number,
): string | null {
  if (!accounts) {
    if (created) return "This import ran in the background, which cannot list the accounts it created.";
    return refusedUnknown
      ? `${refusedUnknown} rows were refused: their company is not an account (not created).`
      : null;
  }
  if (accounts.length === 0) return null;
  const names = accounts.map((a) => a.name).join(", ");
  return created
    ? `Created ${accounts.length === 1 ? "1 account" : `${accounts.length} accounts`} and imported their contacts: ${names}`
    : `Not created, so ${refusedUnknown === 1 ? "its row was" : "their rows were"} refused: ${names}`;
}
