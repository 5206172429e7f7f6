// The contact-keys module's door (issue 70 item 2): outside src/contact-keys, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { accountCellDomain, accountKeys, cellKeys, newAccountProblem } from "./account-keys.ts";
export { erasedEmailHash, erasureKey, hashEmailKey } from "./erasure-key.ts";
export { domainSuffixes, isValidEmail, normalizeDomain, normalizeEmail } from "./normalize-email.ts";
