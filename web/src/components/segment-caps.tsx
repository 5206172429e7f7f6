// Active plays per segment against each segment's cap (spec 000), and for RevOps the cap itself,
// editable within the database's limits, 3 to 8 (issue 37 item 6). The API refuses anything else
// (PLAY_CAP_OUT_OF_RANGE) and the refusal is shown beside the segment. Beside it, the weekly touch
// cap of each of the segment's accounts (issue 61 item 5), RevOps and admins edit it.
import { useState } from "react";
import { put } from "../api.ts";
import type { PlayConfig, SegmentCap } from "../plays.ts";
import { useSession } from "../session.tsx";
import { useAction } from "../use-api.ts";
import { TouchCapField } from "./account-touch-cap.tsx";
import { CapMeter } from "./cap-meter.tsx";
import { ErrorNote } from "./error-note.tsx";

export function SegmentCaps({ config, onChanged }: { config: PlayConfig | undefined; onChanged(): void }) {
  const { has } = useSession();
  const editable = has("revops");
  const touchCapEditable = has("revops", "admin");
  if (!config) return <p className="muted">Loading the segments…</p>;
  return (
    <div className="table-wrap">
      <table data-testid="segment-caps">
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col">Active plays</th>
            <th scope="col">Cap (3 to 8)</th>
            <th scope="col">Touches per account a week (1 to 1000)</th>
          </tr>
        </thead>
        <tbody>
          {config.segments.map((s) => (
            <tr key={s.segment} data-testid={`segment-${s.segment}`}>
              <th scope="row">
                {s.name}
                {/* the slug is what the API and the play forms take: RevOps, who sets caps, sees it */}
                {editable ? (
                  <>
                    <br />
                    <code className="muted">{s.segment}</code>
                  </>
                ) : null}
              </th>
              <td>
                <CapMeter segment={s.segment} name={s.name} active={s.active} cap={s.effective_cap} />
                {s.active > s.effective_cap ? (
                  <p className="muted">Over the cap: no play here activates until one retires.</p>
                ) : null}
              </td>
              <td>
                {editable ? (
                  <CapEditor segment={s} fallback={config.default_segment_cap} onSaved={onChanged} />
                ) : (
                  <span>
                    {s.effective_cap}
                    {s.play_cap === null ? <span className="muted"> (default)</span> : null}
                  </span>
                )}
              </td>
              <td>
                {touchCapEditable ? (
                  <TouchCapField
                    id={`account-cap-${s.segment}`}
                    label={`Weekly touch cap per account of ${s.name}`}
                    value={s.account_weekly_touch_cap ?? null}
                    emptyNote="no account cap"
                    save={(n) =>
                      put(`/api/v1/plays/config/segments/${encodeURIComponent(s.segment)}`, {
                        account_weekly_touch_cap: n,
                      })
                    }
                    onSaved={onChanged}
                  />
                ) : (
                  <span>{s.account_weekly_touch_cap ?? <span className="muted">none</span>}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CapEditor({
  segment,
  fallback,
  onSaved,
}: {
  segment: SegmentCap;
  fallback: number;
  onSaved(): void;
}) {
  const [value, setValue] = useState(String(segment.effective_cap));
  const [saved, setSaved] = useState<string | null>(null);
  const act = useAction();
  const id = `cap-${segment.segment}`;
  const save = async () => {
    setSaved(null);
    const n = value.trim() === "" ? null : Number(value);
    if (
      await act.run(() =>
        put(`/api/v1/plays/config/segments/${encodeURIComponent(segment.segment)}`, { play_cap: n }),
      )
    ) {
      setSaved(n === null ? `Back to the default of ${fallback}.` : `Saved: at most ${n} active plays.`);
      onSaved();
    }
  };
  return (
    <form
      className="row"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Cap for {segment.name}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={3}
        max={8}
        step={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={`default ${fallback}`}
        style={{ width: "5rem" }}
        aria-describedby={`${id}-note`}
      />
      <button type="submit" disabled={act.busy || value === String(segment.effective_cap)}>
        Save cap
      </button>
      <span id={`${id}-note`} className="muted" role="status" data-testid={`${id}-saved`}>
        {saved ?? (segment.play_cap === null ? `default (${fallback})` : "")}
      </span>
      <ErrorNote error={act.error} testId={`${id}-error`} />
    </form>
  );
}
