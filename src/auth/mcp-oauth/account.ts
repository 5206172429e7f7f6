// The account of an OAuth grant: the person who approved, in their tenant. oidc-provider knows one
// string (accountId, the token's sub); Baton writes it as "<tenant>:<principal uuid>".

export interface AccountRef {
  clientId: string;
  principalId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function accountIdOf(a: AccountRef): string {
  return `${a.clientId}:${a.principalId}`;
}

/** The tenant and person of an accountId, or undefined when it is not one Baton wrote. */
export function parseAccountId(accountId: unknown): AccountRef | undefined {
  if (typeof accountId !== "string") return undefined;
  const at = accountId.lastIndexOf(":");
  if (at <= 0) return undefined;
  const principalId = accountId.slice(at + 1);
  if (!UUID.test(principalId)) return undefined;
  return { clientId: accountId.slice(0, at), principalId };
}
