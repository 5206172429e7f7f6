// The shape of an API token as the admin pages, the API and the CLI show it (never the token).

/**
 * Whose prospects the token reaches (issue 61 item 2, docs/books.md): a person's token follows its
 * person's book; an agent's reaches the workspace unless bound to a team or a territory. `name` is
 * null when that team or territory was deleted: the token then reaches no prospect.
 */
export type TokenBook =
  | { kind: "person" }
  | { kind: "workspace" }
  | { kind: "team" | "territory"; id: string; name: string | null };

export interface TokenView {
  token_id: string;
  name: string;
  principal_id: string;
  principal: string;
  kind: "person" | "agent";
  roles: string[];
  agent_id: string | null;
  book: TokenBook;
  status: "active" | "expired" | "revoked" | "deactivated";
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toTokenView(
  row: {
    token_id: string;
    label: string;
    principal_id: string;
    display_name: string;
    kind: "person" | "agent";
    roles: string[];
    agent_id: string | null;
    created_at: Date;
    expires_at: Date | null;
    last_used_at: Date | null;
    revoked_at: Date | null;
    deactivated_at: Date | null;
    book_team_id: string | null;
    book_territory_id: string | null;
    book_team_name: string | null;
    book_territory_name: string | null;
  },
  now: Date,
): TokenView {
  const status = row.revoked_at
    ? "revoked"
    : row.expires_at && new Date(row.expires_at).getTime() <= now.getTime()
      ? "expired"
      : row.deactivated_at
        ? "deactivated"
        : "active";
  return {
    token_id: row.token_id,
    name: row.label,
    principal_id: row.principal_id,
    principal: row.display_name,
    kind: row.kind,
    roles: row.roles,
    agent_id: row.agent_id,
    book: tokenBook(row),
    status,
    created_at: iso(row.created_at)!,
    expires_at: iso(row.expires_at),
    last_used_at: iso(row.last_used_at),
    revoked_at: iso(row.revoked_at),
  };
}

function tokenBook(row: Parameters<typeof toTokenView>[0]): TokenBook {
  if (row.kind === "person") return { kind: "person" };
  if (row.book_team_id) return { kind: "team", id: row.book_team_id, name: row.book_team_name };
  if (row.book_territory_id)
    return { kind: "territory", id: row.book_territory_id, name: row.book_territory_name };
  return { kind: "workspace" };
}

/** The binding in words, for the audit log and the CLI. */
export function tokenBookLabel(book: TokenBook): string {
  if (book.kind === "person") return "its person's book";
  if (book.kind === "workspace") return "the workspace";
  return `${book.kind} ${book.name ?? `${book.id} (deleted: no prospect)`}`;
}
