// The demo tenant's principals. Demo tokens are fixed strings so the README, the workspace's
// one-click sign-in and scripts can rely on them. They exist only in demo mode.
import type { AgentRole, Role } from "../auth/principal.ts";

export const DEMO_CLIENT = "demo";

export interface DemoPrincipal {
  key: string;
  displayName: string;
  roles?: Role[];
  agentId?: string;
  /** an agent's roles: the outreach, sales and BDR agents triage replies */
  agentRoles?: AgentRole[];
  email?: string;
  token: string;
}

export const demoPrincipals: DemoPrincipal[] = [
  {
    key: "revops",
    displayName: "Riley RevOps",
    roles: ["revops"],
    email: "riley@demo.test",
    token: "bt_demo_revops",
  },
  {
    key: "revops2",
    displayName: "Robin RevOps",
    roles: ["revops"],
    email: "robin@demo.test",
    token: "bt_demo_revops2",
  },
  {
    key: "slm",
    displayName: "Sam Sales-Leader",
    roles: ["slm"],
    email: "sam@demo.test",
    token: "bt_demo_slm",
  },
  {
    key: "exec",
    displayName: "Justin Exec",
    roles: ["exec"],
    email: "justin@demo.test",
    token: "bt_demo_exec",
  },
  { key: "rep", displayName: "Tara Rep", roles: ["rep"], email: "tara@demo.test", token: "bt_demo_rep" },
  {
    key: "admin",
    displayName: "Ada Admin",
    roles: ["admin"],
    email: "ada@demo.test",
    token: "bt_demo_admin",
  },
  { key: "agt901", displayName: "Pipeline Brain", agentId: "AGT-901", token: "bt_demo_agt901" },
  { key: "agt902", displayName: "Account Brain", agentId: "AGT-902", token: "bt_demo_agt902" },
  {
    key: "agt301",
    displayName: "Outreach Generator",
    agentId: "AGT-301",
    agentRoles: ["reply_triage"],
    token: "bt_demo_agt301",
  },
  { key: "agt304", displayName: "Marketing Nurture", agentId: "AGT-304", token: "bt_demo_agt304" },
  { key: "agt303", displayName: "Coordinator Analysis", agentId: "AGT-303", token: "bt_demo_agt303" },
  {
    key: "sales",
    displayName: "Brooke (roles.sales)",
    agentId: "AGT-401",
    agentRoles: ["reply_triage"],
    token: "bt_demo_sales",
  },
  {
    key: "bdr",
    displayName: "Tara's BDR agent (roles.bdr)",
    agentId: "AGT-402",
    agentRoles: ["reply_triage"],
    token: "bt_demo_bdr",
  },
];
