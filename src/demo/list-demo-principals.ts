// Demo mode's one-click sign-in: the demo principals and their fixed tokens (src/demo). Only
// served when config.demo is true; a real deployment never lists tokens.
import { demoPrincipals } from "./demo-principals.ts";

export interface DemoPrincipalView {
  key: string;
  display_name: string;
  kind: "person" | "agent";
  roles: string[];
  agent_id: string | null;
  token: string;
}

export function listDemoPrincipals(): DemoPrincipalView[] {
  return demoPrincipals.map((p) => ({
    key: p.key,
    display_name: p.displayName,
    kind: p.agentId ? "agent" : "person",
    roles: p.roles ?? [],
    agent_id: p.agentId ?? null,
    token: p.token,
  }));
}
