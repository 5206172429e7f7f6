// On a prospect's page: the replies of this prospect that wait for a person (issue 56: the hold
// reason reply_pending_triage), so the page says why nothing is being sent, with a link to decide
// them in the triage queue. Only what this person's role may triage is listed (the API decides).

import type { ApiResponse } from "../api-types.ts";
import { fmtTime, label } from "../format.ts";
import { TRIAGE_ROLES } from "../queues.tsx";
import { TRIAGE_PATH } from "../reply-triage.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useApi } from "../use-api.ts";

export function ReplyHolds({ contactId }: { contactId: string }) {
  const { has } = useSession();
  const pending = useApi<ApiResponse<"listReplyTriage">>(has(...TRIAGE_ROLES) ? TRIAGE_PATH : null, {
    contact_id: contactId,
    status: "pending",
    limit: 20,
  });
  const items = pending.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <div className="warn-box" data-testid="reply-holds" role="status">
      {items.map((r) => (
        <p key={r.reply_id}>
          <strong>Waiting for a person: reply pending triage.</strong>{" "}
          {r.campaign ? `${r.campaign.name} is held` : "Held"}
          {r.held_enrollment_ids.length > 1
            ? ` with ${r.held_enrollment_ids.length - 1} other campaign(s)`
            : ""}{" "}
          since the reply of {fmtTime(r.received_at)} (read as {label(r.reading.intent)},{" "}
          {Math.round(r.reading.confidence * 100)}% sure).{" "}
          <Link to={`/replies?contact_id=${encodeURIComponent(contactId)}`}>Decide it in Replies</Link>
        </p>
      ))}
    </div>
  );
}
