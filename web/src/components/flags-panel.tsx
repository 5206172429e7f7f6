// Open coordinator flags (spec 001 proactive flags), resolvable with a note by the roles that
// resolve flags; the exec sees them read-only.

import { useState } from "react";
import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { fmtTime, label } from "../format.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

type Flag = ApiItem<"listFlags">;

export function FlagsPanel({ onChange }: { onChange?: () => void }) {
  const { data, error, reload } = useApi<ApiResponse<"listFlags">>("/api/v1/flags", {
    status: "open",
    limit: 50,
  });
  const act = useAction();
  // the server's FLAG_RESOLVER_ROLES (src/flags/manage-flags.ts): the exec only reads
  const canResolve = useSession().has("rep", "revops", "slm", "admin");
  const [notes, setNotes] = useState<Record<string, string>>({});
  const resolve = async (f: Flag) => {
    const ok = await act.run(() =>
      post(`/api/v1/flags/${f.flag_id}/resolve`, {
        note: notes[f.flag_id] || "resolved from the dashboard",
      }),
    );
    if (ok) {
      reload();
      onChange?.();
    }
  };
  const items = data?.items ?? [];
  return (
    <section aria-labelledby="flags-h" data-testid="flags">
      <h2 id="flags-h">Open flags ({items.length})</h2>
      <ErrorNote error={error ?? act.error} />
      {items.length === 0 && !error ? <p className="muted">No open flags.</p> : null}
      <ul className="timeline">
        {items.map((f) => (
          <li key={f.flag_id} data-testid="flag">
            <strong>{label(f.flag_type)}</strong> <span className="muted">raised {fmtTime(f.raised_at)}</span>
            {f.contact_id ? (
              <>
                {" "}
                · <a href={`/contacts/${f.contact_id}`}>prospect timeline</a>
              </>
            ) : null}
            <div className="muted mono">{summarize(f.details)}</div>
            {canResolve ? (
              <div className="row">
                <div className="field">
                  <label htmlFor={`res-${f.flag_id}`}>Resolution note</label>
                  <input
                    id={`res-${f.flag_id}`}
                    value={notes[f.flag_id] ?? ""}
                    onChange={(e) => setNotes({ ...notes, [f.flag_id]: e.target.value })}
                  />
                </div>
                <button type="button" onClick={() => void resolve(f)} disabled={act.busy}>
                  Resolve
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function summarize(d: Record<string, unknown>): string {
  return Object.entries(d ?? {})
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}
