// Load data for a page from the API, with reload after actions. Filters and paging are query
// parameters, so the server does the work (never the browser over a full list).
import { useCallback, useEffect, useRef, useState } from "react";
import { get, type Query } from "./api.ts";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

export function useApi<T = any>(path: string | null, query?: Query): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const key = path ? path + JSON.stringify(query ?? {}) : null;
  const seq = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key captures path and query
  useEffect(() => {
    if (!path) return;
    const mine = ++seq.current;
    setLoading(true);
    get<T>(path, query)
      .then((d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(undefined);
      })
      .catch((e) => mine === seq.current && setError(e))
      .finally(() => mine === seq.current && setLoading(false));
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action, keeps its error for display, and reports whether it worked. */
export function useAction() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, busy, run, clear: () => setError(undefined) };
}
