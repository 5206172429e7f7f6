// Names for principal ids (approvers, pickers), loaded once per session.
import { useEffect, useState } from "react";
import { get } from "./api.ts";
import type { ApiResponse } from "./api-types.ts";

let cache: Promise<Record<string, string>> | null = null;

export function usePeople(): Record<string, string> {
  const [people, setPeople] = useState<Record<string, string>>({});
  useEffect(() => {
    cache ??= get<ApiResponse<"listWorkspacePrincipals">>("/api/v1/workspace/principals")
      .then((r) => Object.fromEntries(r.items.map((p) => [p.principal_id, p.display_name])))
      .catch(() => {
        cache = null;
        return {};
      });
    void cache.then(setPeople);
  }, []);
  return people;
}

export function clearPeople(): void {
  cache = null;
}
