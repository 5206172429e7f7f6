// Prospect data error codes (issue 15): import, suppression lists, erasure, legal basis.
import { defineErrors } from "../errors/define.ts";

export const prospectErrors = defineErrors({
  SUPPRESSION_VALUE_INVALID: {
    status: 422,
    rule: "issue 15: a suppression is an email address or a domain",
    message: (f) => `That is not a valid ${f.kind === "domain" ? "domain" : "email address"}.`,
    next: (f) =>
      f.kind === "domain"
        ? "Give a domain such as example.com (it also covers its subdomains)."
        : "Give a full address such as name@example.com.",
  },
  CONTACT_ERASED: {
    status: 409,
    rule: "GDPR Art. 17: an erased person is not imported or enrolled again",
    message: (f) =>
      `This person's data was erased${f.contact_id ? ` (contact ${f.contact_id})` : ""}; their address may not be used again.`,
    next: () => "Do not import or enroll this address; the erasure request stands.",
  },
  IMPORT_MAPPING_INVALID: {
    status: 422,
    rule: "issue 15: every mapped column must exist in the header row and map to a known field",
    message: (f) => `The column mapping is invalid: ${f.problem}.`,
    next: (f) =>
      `Map fields to header columns (${f.header ?? "see the CSV's first row"}); known fields: ${f.fields ?? ""}.`,
  },
  IMPORT_CSV_INVALID: {
    status: 422,
    rule: "RFC 4180: values separated by the header line's delimiter (`,`, `;` or tab), with quoted fields",
    message: (f) => `The CSV could not be read: ${f.problem} (line ${f.line}).`,
    next: () =>
      "Fix the file (close the quote, quote fields that hold the delimiter, a quote or a line break, keep each record under 1 MiB) and try again.",
  },
  ALREADY_ERASED: {
    status: 409,
    rule: "GDPR Art. 17: erasure happens once",
    message: (f) => `Contact ${f.contact_id} was already erased on ${f.erased_at}.`,
    next: () => "Nothing more to do; the erasure log holds the request.",
  },
  ERASURE_INCOMPLETE: {
    status: 500,
    rule: "GDPR Art. 17: an erasure removes the person's data from every table, or does not happen",
    message: (f) =>
      `The erasure was rolled back: table ${f.table} refused the redaction (${f.reason}). Nothing was erased.`,
    next: () =>
      "Report this to the operator (the table needs a fix, or a place on the sweep's list of append-only tables); then ask again.",
  },
  ERASURE_SUPPRESSION_PERMANENT: {
    status: 409,
    rule: "GDPR Art. 17: an erased person stays erased",
    message: (f) => `Suppression ${f.id} is what is left of an erasure; it cannot be removed.`,
    next: () => "Leave it: it keeps the erased person from being imported or contacted again.",
  },
  DATA_REQUEST_NOT_FOUND: {
    status: 404,
    rule: "issue 72: a data-protection request is named by its id, in its tenant",
    message: (f) => `There is no data-protection request ${f.id}.`,
    next: () => "List the open requests (GET /api/v1/data-requests?status=open) and use one of their ids.",
  },
  DATA_REQUEST_CLOSED: {
    status: 409,
    rule: "issue 72: a data-protection request is closed once",
    message: (f) => `Data-protection request ${f.id} is already closed (${f.status}).`,
    next: () => "Nothing more to do; its closing is on the person's timeline.",
  },
  CAMPAIGN_LEGAL_BASIS_INVALID: {
    status: 422,
    rule: "issue 15: a campaign may require legitimate_interest, consent or customer",
    message: (f) =>
      `The campaign's required_legal_basis is invalid: ${(f.problems ?? []).map((p: { message: string }) => p.message).join("; ")}.`,
    next: () =>
      'Give a list such as ["consent"] or ["legitimate_interest", "customer"], or null for no requirement.',
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof prospectErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
