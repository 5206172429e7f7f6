// What the exec's approvals (approvals-queue.tsx) share: a staged draft (spec 002 staged_drafts), its
// campaign read once, the sender's identity and the compliance footer a commercial email carries;
// and the exec's hand-offs page. The rep's tasks are tasks-page.tsx.

import { get } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import type { Campaign } from "../campaigns.ts";
import { HandoffsPanel } from "../components/handoffs-panel.tsx";
import { Link } from "../router.tsx";

export type Draft = ApiItem<"listDrafts">;

const campaignCache = new Map<string, Promise<Campaign | null>>();
export function campaignOf(slug: string): Promise<Campaign | null> {
  if (!campaignCache.has(slug)) {
    campaignCache.set(
      slug,
      get<Campaign>(`/api/v1/campaigns/${encodeURIComponent(slug)}`).catch(() => null),
    );
  }
  return campaignCache.get(slug)!;
}

export type SenderIdentity = NonNullable<ApiResponse<"getSenderIdentity">["identity"]>;

let identityOnce: Promise<SenderIdentity | null> | null = null;
export function senderIdentity(): Promise<SenderIdentity | null> {
  identityOnce ??= get<ApiResponse<"getSenderIdentity">>("/api/v1/sender-identity")
    .then((r) => r.identity)
    .catch(() => null);
  return identityOnce;
}

/**
 * What the send adds below a commercial email's words (src/channels/compliance-footer.ts): the
 * company, its postal address and the contact's own unsubscribe link, so what a person approves is
 * what goes out. Transactional mail carries none; without an address the send is refused.
 */
export function FooterPreview({ identity }: { identity: SenderIdentity | null }) {
  if (!identity) {
    return (
      <p className="warn-box" data-testid="draft-footer-missing">
        Commercial email carries your company and postal address, and this draft is not sent until they are
        set: <Link to="/mailboxes">set them on Mailboxes</Link>.
      </p>
    );
  }
  const address = identity.postal_address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(", ");
  return (
    <div className="footer-preview" data-testid="draft-footer">
      <span className="muted">Added below when it is sent:</span>
      <pre>{`--\n${identity.company_name.trim()}, ${address}\nTo stop receiving these emails: [this contact's unsubscribe link]`}</pre>
    </div>
  );
}

/** The exec's hand-offs, a queue of their own. */
export function HandoffsPage() {
  return (
    <section>
      <h1 tabIndex={-1}>Hand-offs</h1>
      <HandoffsPanel />
    </section>
  );
}
