// How the exec's close steps go out (issue 67 item 5): a close step is his to send personally
// (spec 002), from his own mailbox. He chooses per campaign: each waits on his Tasks page until he
// clicks "Send from my mailbox" (the default), or it goes out from his mailbox as soon as he approved
// it. Only the exec may choose "at once" (it is his name on the mail, with no click of his); the
// exec, RevOps or an admin may put his click back. The API refuses anyone else
// (FORBIDDEN_PERSONAL_SEND_CHOICE), and the refusal is shown here.
import { useState } from "react";
import { api } from "../api.ts";
import type { Campaign } from "../campaigns.ts";
import { useSession } from "../session.tsx";
import { useAction } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

const CHOICES = [
  {
    value: "on_click",
    label: "Wait for my click",
    note: "Each close step you approve waits on your Tasks page until you click “Send from my mailbox”.",
  },
  {
    value: "at_once",
    label: "Send at once from my mailbox",
    note: "As soon as you approve a close step it goes out from your connected mailbox, in your name, without a click.",
  },
] as const;

export function PersonalSendChoice({ campaign, onChanged }: { campaign: Campaign; onChanged(): void }) {
  const { has } = useSession();
  const act = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const current = campaign.personal_send ?? "on_click";
  const isExec = has("exec");
  const mayPutClickBack = isExec || has("revops", "admin");
  const hasClose = campaign.steps.some((s) => s.content_type === "close");
  // the exec sees the choice on a campaign with a close step; RevOps and admins only to undo at once
  if (!(isExec && hasClose) && !(current === "at_once" && mayPutClickBack)) return null;
  const choose = (value: "on_click" | "at_once") => {
    setSaved(null);
    void act
      .run(() => api("PATCH", `/api/v1/campaigns/${campaign.slug}`, { body: { personal_send: value } }))
      .then((ok) => {
        if (!ok) return;
        setSaved(
          value === "at_once" ? "Saved: close steps go out at once." : "Saved: close steps wait for a click.",
        );
        onChanged();
      });
  };
  return (
    <div className="card" data-testid="personal-send-choice">
      <h2>Close steps you send yourself</h2>
      <fieldset className="stack">
        <legend>When you approve a close step of this campaign:</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="row">
            <input
              type="radio"
              name="personal-send"
              value={c.value}
              checked={current === c.value}
              disabled={act.busy || (c.value === "at_once" && !isExec)}
              onChange={() => choose(c.value)}
            />
            <span>
              <strong>{c.label}</strong> <span className="muted">{c.note}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="muted">
        Sent at once only when Baton is sure: if your mailbox isn’t connected, needs your consent again or is
        paused, nothing is sent, and the task waits for your click and says why.
      </p>
      <span className="muted" role="status" data-testid="personal-send-saved">
        {saved ?? ""}
      </span>
      <ErrorNote error={act.error} testId="personal-send-error" />
    </div>
  );
}
