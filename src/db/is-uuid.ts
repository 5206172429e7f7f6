// A uuid as PostgreSQL writes it (any case): checked before a value reaches a uuid column, so a
// malformed id is "not found" or a validation error rather than a database error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
