// Who is signed in. The UI adapts to the roles from GET /api/v1/me; the server stays the authority
// (a hidden button is not a permission: every action is checked again by the API).
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, api, getToken, setToken } from "./api.ts";

export interface Me {
  principal_id: string;
  client_id: string;
  kind: "person" | "agent";
  display_name: string;
  roles: string[];
  agent_id: string | null;
}

interface SessionValue {
  me: Me | null;
  loading: boolean;
  signIn(token: string): Promise<void>;
  signOut(): void;
  has(...roles: string[]): boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const token = getToken();
    if (!token) {
      setLoading(false);
      return;
    }
    api<Me>("GET", "/api/v1/me", { token })
      .then(setMe)
      .catch(() => setToken(null))
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (token: string) => {
    const who = await api<Me>("GET", "/api/v1/me", { token });
    setToken(token);
    setMe(who);
  }, []);
  const signOut = useCallback(() => {
    setToken(null);
    setMe(null);
  }, []);
  const has = useCallback(
    (...roles: string[]) => !!me && me.kind === "person" && roles.some((r) => me.roles.includes(r)),
    [me],
  );
  return <SessionContext value={{ me, loading, signIn, signOut, has }}>{children}</SessionContext>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

export { ApiError };
