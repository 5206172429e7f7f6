// What the coordinator would decide for the open draft's enrollment if it went out now
// (src/coordinator/preview-decision.ts, which writes nothing), asked once the draft stays open.
import { useEffect, useState } from "react";
import { get, post } from "../../api.ts";
import type { ApiResponse } from "../../api-types.ts";
import type { Draft } from "../inbox-page.tsx";
import { ctxOf } from "./draft-context.ts";

type Verdict = ApiResponse<"previewCoordinator">;

/** What the coordinator would decide for this draft's enrollment if it went out now (writes nothing). */
export function useVerdict(draft: Draft): Verdict | null | undefined {
  const [v, setV] = useState<Verdict | null | undefined>(undefined);
  useEffect(() => {
    const c = ctxOf(draft);
    if (!c.contact_id) return setV(null);
    let live = true;
    // opened for a moment while moving through the list: asked only once it stays open
    const t = setTimeout(() => {
      get<ApiResponse<"listContactEnrollments">>(
        `/api/v1/contacts/${encodeURIComponent(String(c.contact_id))}/enrollments`,
      )
        .then((r) => {
          const e = r.items.find((x) => x.campaign === c.campaign_slug && x.status !== "exited");
          return e
            ? post<Verdict>("/api/v1/coordinator/preview", {
                contact_id: String(c.contact_id),
                enrollment_id: e.id,
              })
            : null;
        })
        .then((x) => live && setV(x))
        .catch(() => live && setV(null));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [draft]);
  return v;
}
