// Who is signed in. The session lives in an httpOnly cookie; GET /auth/session says who it is and
// hands the CSRF token writes carry. The UI adapts to the roles; the server stays the authority
// (a hidden button is not a permission: every action is checked again by the API).

import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, api, setCsrfToken } from "./api.ts";
import type { ApiResponse } from "./api-types.ts";
import { navigate } from "./router.tsx";

export type Me = Omit<ApiResponse<"getSession">, "csrf_token">;

interface SessionValue {
  me: Me | null;
  loading: boolean;
  /** Reads the session cookie's session (after any sign-in). */
  refresh(): Promise<void>;
  signInDemo(key: string): Promise<void>;
  signOut(): Promise<void>;
  has(...roles: string[]): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const s = await api<ApiResponse<"getSession">>("GET", "/auth/session");
      setCsrfToken(s.csrf_token);
      setMe(s);
    } catch (e) {
      setCsrfToken(null);
      setMe(null);
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
    }
  }, []);

  useEffect(() => {
    refresh()
      .catch(() => {})
      .finally(() => setLoading(false));
    const ended = () => {
      setCsrfToken(null);
      setMe(null);
    };
    window.addEventListener("baton:session-ended", ended);
    return () => window.removeEventListener("baton:session-ended", ended);
  }, [refresh]);

  const signInDemo = useCallback(
    async (key: string) => {
      await api("POST", "/auth/demo", { body: { key } });
      await refresh();
    },
    [refresh],
  );
  const signOut = useCallback(async () => {
    const r = await api<ApiResponse<"signOut">>("POST", "/auth/sign-out", { body: {} }).catch(() => ({
      redirect_to: "/signin",
    }));
    setCsrfToken(null);
    setMe(null);
    // single sign-on: end the session at the IdP too (RP-initiated logout)
    if (/^https?:/.test(r.redirect_to)) window.location.assign(r.redirect_to);
    else navigate("/signin");
  }, []);
  const has = useCallback(
    (...roles: string[]) => !!me && me.kind === "person" && roles.some((r) => me.roles.includes(r)),
    [me],
  );
  return (
    <SessionContext value={{ me, loading, refresh, signInDemo, signOut, has }}>{children}</SessionContext>
  );
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

export { ApiError };
