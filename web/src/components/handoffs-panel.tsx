// The exec's hand-offs (spec 002 pipeline: "Justin reviews handoff, specifies campaign(s)"; issue 37
// item 1): each open hand-off with the reply that caused it, the prospect and the suggested
// campaigns; route it to one or more campaigns with a goal and notes, or close it; or select several
// and route them together. The navigation counts the open ones (web/src/queues.tsx).

import { useState } from "react";
import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useAction, useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";
import { GoalSelect } from "./goal-select.tsx";

export type Handoff = ApiItem<"listHandoffs">;

export function HandoffsPanel() {
  const list = useApi<ApiResponse<"listHandoffs">>("/api/v1/handoffs", { status: "open", limit: 100 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkCampaign, setBulkCampaign] = useState("");
  const [bulkNotes, setBulkNotes] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const act = useAction();
  const items = list.data?.items ?? [];
  const done = (summary: string) => {
    setNote(summary);
    setSelected(new Set());
    list.reload();
  };
  const campaigns = [
    ...new Map(items.flatMap((h) => h.suggested_campaigns ?? []).map((c) => [c.slug, c])).values(),
  ];
  const bulk = async (close: boolean) => {
    let summary = "";
    const ok = await act.run(async () => {
      const r = await post<ApiResponse<"routeHandoffs">>("/api/v1/handoffs/route", {
        items: [...selected].map((handoff_id) => ({
          handoff_id,
          campaigns: close ? [] : [bulkCampaign],
          notes: bulkNotes || null,
        })),
      });
      const failed = r.results.filter((x) => !x.ok);
      summary = `${r.results.length - failed.length} ${close ? "closed" : `routed to ${bulkCampaign}`}${
        failed.length ? `; ${failed.length} refused: ${failed.map((f) => f.error?.message).join("; ")}` : ""
      }`;
    });
    if (ok) done(summary);
  };
  return (
    <section className="card" aria-labelledby="handoffs-h" data-testid="handoffs">
      <h2 id="handoffs-h">Hand-offs waiting for you ({items.length})</h2>
      <p className="muted">
        A BDR campaign ended with a meeting: choose the campaign(s) the prospect goes into next, with notes
        for the sales agent, or close the hand-off.
      </p>
      <ErrorNote error={list.error ?? act.error} />
      {note ? (
        <p className="notice" data-testid="handoffs-result">
          {note}
        </p>
      ) : null}
      {list.data && items.length === 0 ? <p className="muted">No hand-offs waiting.</p> : null}
      {items.length > 1 ? (
        <fieldset className="row" aria-label="Route the selected hand-offs">
          <label className="inline">
            <input
              type="checkbox"
              checked={selected.size === items.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(items.map((h) => h.id)) : new Set())}
            />{" "}
            Select all
          </label>
          <div className="field">
            <label htmlFor="handoffs-bulk-campaign">Campaign for the selected</label>
            <select
              id="handoffs-bulk-campaign"
              value={bulkCampaign}
              onChange={(e) => setBulkCampaign(e.target.value)}
            >
              <option value="">— choose —</option>
              {campaigns.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="handoffs-bulk-notes">Notes for the selected</label>
            <input
              id="handoffs-bulk-notes"
              value={bulkNotes}
              onChange={(e) => setBulkNotes(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="primary"
            disabled={!selected.size || !bulkCampaign || act.busy}
            onClick={() => void bulk(false)}
          >
            Route selected ({selected.size})
          </button>
          <button type="button" disabled={!selected.size || act.busy} onClick={() => void bulk(true)}>
            Close selected
          </button>
        </fieldset>
      ) : null}
      {items.map((h) => (
        <HandoffCard
          key={h.id}
          handoff={h}
          selectable={items.length > 1}
          selected={selected.has(h.id)}
          onSelect={(on) => {
            const next = new Set(selected);
            if (on) next.add(h.id);
            else next.delete(h.id);
            setSelected(next);
          }}
          onDone={done}
        />
      ))}
    </section>
  );
}

function HandoffCard({
  handoff: h,
  selectable,
  selected,
  onSelect,
  onDone,
}: {
  handoff: Handoff;
  selectable: boolean;
  selected: boolean;
  onSelect(on: boolean): void;
  onDone(summary: string): void;
}) {
  const suggested = h.suggested_campaigns ?? [];
  const [chosen, setChosen] = useState<Set<string>>(new Set(suggested.slice(0, 1).map((c) => c.slug)));
  const [goal, setGoal] = useState("");
  const [notes, setNotes] = useState("");
  const act = useAction();
  const id = h.id.slice(0, 8);
  const route = async (campaigns: string[]) => {
    const ok = await act.run(() =>
      post(`/api/v1/handoffs/${h.id}/route`, { campaigns, goal: goal || undefined, notes: notes || null }),
    );
    if (ok)
      onDone(
        campaigns.length
          ? `${h.contact_name} routed to ${campaigns.join(", ")}.`
          : `${h.contact_name}'s hand-off closed without a campaign.`,
      );
  };
  return (
    <article className="card" data-testid="handoff" aria-labelledby={`h-${id}`}>
      <h3 id={`h-${id}`}>
        {selectable ? (
          <input
            type="checkbox"
            checked={selected}
            onChange={(e) => onSelect(e.target.checked)}
            aria-label={`Select the hand-off of ${h.contact_name}`}
          />
        ) : null}{" "}
        <Link to={`/contacts/${h.contact_id}`}>{h.contact_name}</Link>{" "}
        <span className="muted">{h.company ?? ""}</span>
      </h3>
      <p className="muted">
        From {h.from_campaign} · exit {label(h.exit_reason)} · {fmtTime(h.created_at)}
        {h.goal ? <> · goal {label(h.goal)}</> : null}
      </p>
      {h.reply ? (
        <figure className="reply">
          <blockquote data-testid="handoff-reply">{h.reply.body}</blockquote>
          <figcaption className="muted">
            Reply by {h.reply.channel}, {fmtTime(h.reply.received_at)} · classified{" "}
            <span className="badge allow">{label(h.reply.intent)}</span>
          </figcaption>
        </figure>
      ) : (
        <p className="muted">
          No reply recorded: the enrollment was ended by hand ({h.notes ?? "no notes"}).
        </p>
      )}
      <fieldset>
        <legend>Route to</legend>
        {suggested.length === 0 ? <p className="muted">No active sales campaign to suggest.</p> : null}
        {suggested.map((c) => (
          <label key={c.slug} className="inline">
            <input
              type="checkbox"
              checked={chosen.has(c.slug)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(c.slug);
                else next.delete(c.slug);
                setChosen(next);
              }}
            />{" "}
            {c.name} <span className="muted">({c.slug})</span>
          </label>
        ))}
      </fieldset>
      <div className="row">
        <GoalSelect id={`goal-${id}`} value={goal} onChange={setGoal} />
        <div className="field grow">
          <label htmlFor={`notes-${id}`}>Notes for the sales agent</label>
          <input id={`notes-${id}`} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <button
          type="button"
          className="primary"
          disabled={act.busy || chosen.size === 0}
          onClick={() => void route([...chosen])}
        >
          Route to {chosen.size === 1 ? [...chosen][0] : `${chosen.size} campaigns`}
        </button>
        <button type="button" disabled={act.busy} onClick={() => void route([])}>
          Close without a campaign
        </button>
      </div>
      <ErrorNote error={act.error} />
    </article>
  );
}
