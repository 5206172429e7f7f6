// The prospect page's erase action (GDPR Art. 17, issue 15), for RevOps and admins: a confirmation
// that names what happens, asks for the request reference, and wants the word ERASE typed.
import { useState } from "react";
import { post } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { useSession } from "../session.tsx";
import { useAction } from "../use-api.ts";

export function EraseAction({ contactId, onErased }: { contactId: string; onErased: () => void }) {
  const { has } = useSession();
  const [open, setOpen] = useState(false);
  const [reference, setReference] = useState("");
  const [typed, setTyped] = useState("");
  const [done, setDone] = useState<string>();
  const action = useAction();
  if (!has("revops", "admin")) return null;
  if (done)
    return (
      <p data-testid="erased" className="badge block">
        {done}
      </p>
    );
  if (!open)
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)} data-testid="erase-open">
        Erase this person…
      </button>
    );
  return (
    <div className="card" role="dialog" aria-labelledby="erase-title" data-testid="erase-confirm">
      <h2 id="erase-title">Erase this person's data?</h2>
      <p>
        Their name, address, drafts, messages, replies and CRM record are removed everywhere, and cannot be
        brought back. Their touches stay counted, without their details. Their address is kept only as a keyed
        hash, so they are never imported or contacted again.
      </p>
      <div className="field">
        <label htmlFor="erase-reference">Request reference (your ticket number; no personal data)</label>
        <input id="erase-reference" value={reference} onChange={(e) => setReference(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="erase-typed">Type ERASE to confirm</label>
        <input id="erase-typed" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </div>
      <ErrorNote error={action.error} />
      <div className="row">
        <button
          type="button"
          className="danger"
          disabled={action.busy || typed !== "ERASE" || reference.trim() === ""}
          data-testid="erase-confirm-button"
          onClick={() =>
            void action
              .run(async () => {
                await post(`/api/v1/contacts/${contactId}/erase`, { request_reference: reference.trim() });
              })
              .then((ok) => {
                if (ok) {
                  setDone(`Erased under reference ${reference.trim()}.`);
                  onErased();
                }
              })
          }
        >
          Erase permanently
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
