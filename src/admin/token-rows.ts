// The shape of an API token as the admin pages, the API and the CLI show it (never the token).
export interface TokenView {
  token_id: string;
  name: string;
  principal_id: string;
  principal: string;
  kind: "person" | "agent";
  roles: string[];
  agent_id: string | null;
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
    status,
    created_at: iso(row.created_at)!,
    expires_at: iso(row.expires_at),
    last_used_at: iso(row.last_used_at),
    revoked_at: iso(row.revoked_at),
  };
}
