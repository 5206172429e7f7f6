// How much of a reply Baton reads (issue 73 item 4: reply text cannot stall a queue). Mail is
// hostile and a message is stored whole, up to the mailbox's own limit (1 MB and more), but every
// reader of its text (the rules, the local model, the triage view's quote folding) reads at most
// the API's limit on a reply (POST /api/v1/replies: 50,000 characters), and the rules and the model
// at most 20,000 characters of the writer's own words. Each reader is linear in what it reads, so
// each step stays under 100 ms at these limits (test/replies/hostile-text.test.ts).

/** The characters of a reply any reader reads: the API's limit on a reply's text. */
export const REPLY_READ_LIMIT = 50_000;
/** The characters of the writer's own words (quoted original, signature, footers removed) the rules and the model read. */
export const REPLY_OWN_LIMIT = 20_000;
