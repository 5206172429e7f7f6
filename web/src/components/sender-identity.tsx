// The sender identity (issue 41 item 4): the company and postal address in the footer of every
// commercial email, beside its visible unsubscribe link (CAN-SPAM, CASL). Until it is set, commercial
// email is refused, never sent without it. Admins and RevOps set it here; others read it.

import { useEffect, useState } from "react";
import { put } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";

export function SenderIdentityCard() {
  const { has } = useSession();
  const edit = has("admin", "revops");
  const current = useApi<ApiResponse<"getSenderIdentity">>("/api/v1/sender-identity");
  const action = useAction();
  const [company, setCompany] = useState("");
  const [address, setAddress] = useState("");
  const [saved, setSaved] = useState(false);
  const id = current.data?.identity ?? null;
  useEffect(() => {
    if (id) {
      setCompany(id.company_name);
      setAddress(id.postal_address);
    }
  }, [id]);
  const save = () =>
    void action
      .run(() => put("/api/v1/sender-identity", { company_name: company, postal_address: address }))
      .then((ok) => {
        setSaved(ok);
        if (ok) current.reload();
      });
  return (
    <div className="card" data-testid="sender-identity">
      <h2>Sender identity in commercial email</h2>
      <p className="muted">
        Every commercial email ends with your company, its postal address and a visible unsubscribe link
        (CAN-SPAM, CASL); transactional mail does not.{" "}
        {current.data && !id ? (
          <strong data-testid="sender-identity-missing">
            Not set yet: commercial email is refused until it is.
          </strong>
        ) : null}
      </p>
      {edit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <div className="field">
            <label htmlFor="sender-company">Company</label>
            <input id="sender-company" value={company} onChange={(e) => setCompany(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="sender-address">Postal address</label>
            <textarea
              id="sender-address"
              rows={3}
              cols={48}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={action.busy}>
            Save sender identity
          </button>{" "}
          {saved && !action.error ? <span data-testid="sender-identity-saved">Saved.</span> : null}
        </form>
      ) : id ? (
        <p>
          {id.company_name}, {id.postal_address.split("\n").join(", ")}
        </p>
      ) : null}
      <ErrorNote error={action.error ?? current.error} />
    </div>
  );
}
