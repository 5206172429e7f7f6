// Log a prospect's reply: the classifier reads it, the person keeps or changes its class, sees what
// a reply of that class does (spec 002 process_reply) and confirms.
import { useState } from "react";
import { get, post } from "../../api.ts";
import type { ApiResponse, Schema } from "../../api-types.ts";
import type { Campaign } from "../../campaigns.ts";
import { label } from "../../format.ts";
import { useAction } from "../../use-api.ts";
import { ErrorNote } from "../error-note.tsx";
import { type Consequence, ConsequenceNote, exitConsequence } from "./coordinator-verdict.tsx";

type Enrollment = Schema<"Enrollment">;

const INTENTS = ["interested", "meeting", "not_interested", "unsubscribe", "out_of_office", "other"];

/** What a reply of this class does (spec 002 process_reply). */
function replyEffect(intent: string, target: Enrollment | undefined): string {
  const where = target ? target.campaign_name : "no live enrollment";
  switch (intent) {
    case "interested":
    case "meeting":
      return target ? `${where} ends (${intent === "meeting" ? "meeting" : "converted"}).` : "Logged only.";
    case "not_interested":
      return target ? `${where} ends (rejected).` : "Logged only.";
    case "unsubscribe":
      return "They are opted out everywhere: gate 1 blocks every further touch.";
    case "out_of_office":
      return "Their active enrollments pause until the return date (or 7 days).";
    default:
      return target ? `${where} goes on.` : "Logged only.";
  }
}

export function ReplyForm({
  contactId,
  live,
  onDone,
  onCancel,
}: {
  contactId: string;
  live: Enrollment[];
  onDone(s: string): void;
  onCancel(): void;
}) {
  const [text, setText] = useState("");
  const [intent, setIntent] = useState("");
  const [machine, setMachine] = useState<{ intent: string; confidence: number } | null>(null);
  const [next, setNext] = useState<Consequence | null>(null);
  const act = useAction();
  const target = live.find((e) => e.status === "active") ?? live[0];
  const consequence = async (i: string) => {
    const lead = replyEffect(i, target);
    if (target && (i === "interested" || i === "meeting" || i === "not_interested")) {
      const c = await get<Campaign>(`/api/v1/campaigns/${encodeURIComponent(target.campaign)}`);
      const keys =
        i === "not_interested"
          ? ["rejected"]
          : i === "meeting"
            ? ["meeting", "converted"]
            : ["converted", "meeting"];
      const reason = keys.find((k) => Object.hasOwn(c.on_exit ?? {}, k)) ?? keys[0];
      const n = await exitConsequence(contactId, target.campaign, reason);
      return { text: `${lead} ${n.text}`, preview: n.preview };
    }
    return { text: lead, preview: null };
  };
  const classify = () =>
    void act.run(async () => {
      const c = await post<ApiResponse<"classifyReplies">>("/api/v1/replies/classify", { text });
      setMachine(c);
      setIntent(c.intent);
      setNext(await consequence(c.intent));
    });
  const confirm = () =>
    void act
      .run(() =>
        post("/api/v1/replies", {
          contact_id: contactId,
          text,
          intent,
          received_at: new Date().toISOString(),
        }),
      )
      .then((ok) => ok && onDone(`Reply logged as ${label(intent)}.`));
  return (
    <form
      className="card"
      aria-labelledby="reply-h"
      onSubmit={(e) => {
        e.preventDefault();
        if (machine) confirm();
        else classify();
      }}
    >
      <h3 id="reply-h">Log a reply</h3>
      <div className="field">
        <label htmlFor="reply-text">What they wrote</label>
        <textarea
          id="reply-text"
          rows={4}
          value={text}
          disabled={!!machine}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {machine ? (
        <>
          <div className="field">
            <label htmlFor="reply-intent">
              Class (the classifier read {label(machine.intent)}, {Math.round(machine.confidence * 100)}%
              sure)
            </label>
            <select
              id="reply-intent"
              value={intent}
              onChange={(e) => {
                setIntent(e.target.value);
                void act.run(async () => setNext(await consequence(e.target.value)));
              }}
            >
              {INTENTS.map((i) => (
                <option key={i} value={i}>
                  {label(i)}
                </option>
              ))}
            </select>
          </div>
          {next ? <ConsequenceNote c={next} /> : null}
        </>
      ) : null}
      <ErrorNote error={act.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={act.busy || !text.trim()}>
          {machine ? "Confirm and log the reply" : "Classify"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
