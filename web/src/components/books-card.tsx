// The Teams page's Books card (issue 61 item 2): whose prospects people see, the workspace's setting
// (GET /api/v1/books). RevOps and admins change it (PUT /api/v1/books, audited book_scope_set);
// everyone else reads it. It says what the reader's own book is and how many prospects have no
// owner (under the narrower settings only RevOps, the exec and admins see those). docs/books.md.

import { type FormEvent, useEffect, useState } from "react";
import { put } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { fmtTime } from "../format.ts";
import { Link } from "../router.tsx";
import { useAction, useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

type Scope = BookSettings["scope"];
type BookSettings = ApiResponse<"listBooks">;

export const SCOPE_WORDS: Record<Scope, string> = {
  tenant: "Everyone sees every prospect",
  team: "People see their teams' prospects",
  own: "People see their own; managers their team's",
};
const SCOPE_DETAIL: Record<Scope, string> = {
  tenant: "Reps, managers and agents reach every prospect of the workspace, as their roles allow.",
  team: "A person reaches the prospects owned by anyone in their teams, and their own.",
  own: "A rep reaches the prospects they own; a team's manager also those of the team's people.",
};

function yourBook(s: BookSettings): string {
  switch (s.your_book) {
    case "workspace":
      return "every prospect of the workspace.";
    case "territory":
      return "the prospects of one territory's accounts.";
    case "nothing":
      return "empty: no prospect.";
    case "people":
      return s.your_book_people === 1
        ? "the prospects you own."
        : `the prospects owned by ${s.your_book_people} people: you and your team's.`;
  }
}

export function BooksCard({ editor }: { editor: boolean }) {
  const books = useApi<BookSettings>("/api/v1/books");
  const action = useAction();
  const [choice, setChoice] = useState<Scope | null>(null);
  const [notice, setNotice] = useState("");
  const current = books.data?.scope;
  useEffect(() => {
    if (current) setChoice(current);
  }, [current]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    if (await action.run(() => put("/api/v1/books", { scope: choice }))) {
      setNotice(`Saved: ${SCOPE_WORDS[choice].toLowerCase()}.`);
      books.reload();
    }
  };

  const s = books.data;
  return (
    <article className="card" aria-labelledby="books-h" data-testid="books-card">
      <h2 id="books-h">Books: whose prospects people see</h2>
      <ErrorNote error={action.error ?? books.error} />
      {s ? (
        <>
          {editor ? (
            <form aria-label="Whose prospects people see" onSubmit={save}>
              <fieldset>
                <legend>Whose prospects people see</legend>
                {(Object.keys(SCOPE_WORDS) as Scope[]).map((k) => (
                  <div key={k}>
                    <input
                      type="radio"
                      name="book-scope"
                      id={`book-scope-${k}`}
                      value={k}
                      checked={choice === k}
                      aria-describedby={`book-scope-${k}-d`}
                      onChange={() => setChoice(k)}
                    />{" "}
                    <label className="inline" htmlFor={`book-scope-${k}`}>
                      {SCOPE_WORDS[k]}
                    </label>
                    <div className="muted" id={`book-scope-${k}-d`}>
                      {SCOPE_DETAIL[k]}
                    </div>
                  </div>
                ))}
              </fieldset>
              <button type="submit" className="primary" disabled={action.busy || choice === s.scope}>
                Save
              </button>
            </form>
          ) : (
            <p data-testid="books-scope">
              <strong>{SCOPE_WORDS[s.scope]}.</strong> {SCOPE_DETAIL[s.scope]} RevOps and admins change it.
            </p>
          )}
          {notice ? (
            <p className="notice" role="status" data-testid="books-notice">
              {notice}
            </p>
          ) : null}
          <p className="muted">
            RevOps, the exec and admins see every prospect whatever the setting.
            {s.updated_at ? ` Set ${fmtTime(s.updated_at)}${s.updated_by ? ` by ${s.updated_by}` : ""}.` : ""}
          </p>
          <p data-testid="your-book">Your book: {yourBook(s)}</p>
          <p data-testid="books-unowned">
            {s.unowned_contacts === 0
              ? "Every prospect has an owner."
              : `${s.unowned_contacts} ${s.unowned_contacts === 1 ? "prospect has" : "prospects have"} no owner${
                  s.scope === "tenant"
                    ? "."
                    : ": only RevOps, the exec and admins see them until they are routed."
                }`}{" "}
            {s.unowned_contacts > 0 && editor ? (
              <Link to="/territories">Route them on the Territories page.</Link>
            ) : null}
          </p>
        </>
      ) : null}
    </article>
  );
}
