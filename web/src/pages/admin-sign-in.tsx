// Admin › Sign-in: the workspace's single sign-on (OpenID Connect) settings. The client secret is
// write-only: the server says whether one is stored, never what it is.
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, get, put } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";

type Idp = ApiResponse<"getAdminIdp">;

const ROLES = ["revops", "slm", "exec", "rep", "admin"];

function mapToText(map: Record<string, string[]>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k} = ${v.join(", ")}`)
    .join("\n");
}

function textToMap(text: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const line of text.split("\n")) {
    const i = line.lastIndexOf("=");
    if (i <= 0) continue;
    map[line.slice(0, i).trim()] = line
      .slice(i + 1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return map;
}

export function AdminSignInSection() {
  const [idp, setIdp] = useState<Idp | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [form, setForm] = useState({
    issuer: "",
    client_id: "",
    client_secret: "",
    domains: "",
    role_claim: "groups",
    map: "",
    scopes: "openid email profile",
  });
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  const show = (s: Idp) => {
    setIdp(s);
    setForm({
      issuer: s.issuer,
      client_id: s.client_id,
      client_secret: "",
      domains: s.allowed_domains.join(", "),
      role_claim: s.role_claim,
      map: mapToText(s.role_map),
      scopes: s.scopes,
    });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once
  useEffect(() => {
    get<ApiResponse<"getAdminIdp">>("/api/v1/admin/idp")
      .then(show)
      .catch((e) => {
        if (!(e instanceof ApiError && e.code === "SSO_NOT_CONFIGURED")) setError(e);
      })
      .finally(() => setLoaded(true));
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    try {
      const s = await put<ApiResponse<"setAdminIdp">>("/api/v1/admin/idp", {
        issuer: form.issuer.trim(),
        client_id: form.client_id.trim(),
        ...(form.client_secret ? { client_secret: form.client_secret } : {}),
        allowed_domains: form.domains.split(/[\s,]+/).filter(Boolean),
        role_claim: form.role_claim.trim(),
        role_map: textToMap(form.map),
        scopes: form.scopes.trim(),
      });
      show(s);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  const field = (k: keyof typeof form) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });

  return (
    <section aria-labelledby="idp-h" data-testid="admin-sign-in">
      <h2 id="idp-h">Sign-in: single sign-on (OpenID Connect)</h2>
      {!loaded ? <p className="loading">Loading…</p> : null}
      {loaded && !idp ? <p>No single sign-on is set up for this workspace yet.</p> : null}
      {idp ? <p className="muted">Last changed {new Date(idp.updated_at).toLocaleString()}.</p> : null}
      <form onSubmit={save} className="card">
        <label htmlFor="idp-issuer">Issuer URL</label>
        <input
          id="idp-issuer"
          type="url"
          required
          placeholder="https://login.example.com"
          {...field("issuer")}
        />
        <label htmlFor="idp-client">Client id</label>
        <input id="idp-client" required {...field("client_id")} />
        <label htmlFor="idp-secret">Client secret</label>
        <input
          id="idp-secret"
          type="password"
          autoComplete="new-password"
          placeholder={idp?.has_client_secret ? "stored (leave empty to keep it)" : "none stored"}
          {...field("client_secret")}
        />
        <label htmlFor="idp-domains">Allowed email domains</label>
        <input id="idp-domains" required placeholder="acme.com, acme.co.uk" {...field("domains")} />
        <label htmlFor="idp-claim">Role claim</label>
        <input id="idp-claim" required {...field("role_claim")} />
        <label htmlFor="idp-map">Claim value = Baton roles (one per line; roles: {ROLES.join(", ")})</label>
        <textarea id="idp-map" rows={5} placeholder="revops-team = revops" {...field("map")} />
        <label htmlFor="idp-scopes">Scopes</label>
        <input id="idp-scopes" required {...field("scopes")} />
        <p className="muted">
          Redirect URI to register at the IdP: <code>{window.location.origin}/auth/oidc/callback</code>; after
          sign-out: <code>{window.location.origin}/signin</code>.
        </p>
        <button type="submit" className="primary">
          Save sign-in settings
        </button>
        {saved ? <p role="status">Saved.</p> : null}
        <ErrorNote error={error} />
      </form>
    </section>
  );
}
