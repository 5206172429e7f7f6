// Base demo data every module builds on: segments, accounts across ICP tiers (one ABM-active),
// and contacts with time zones and signals. Idempotent by fixed ids.
import type { Seeder } from "./seeder.ts";

export const DEMO_SEGMENTS = [
  { segment: "commercial_mm", name: "Commercial mid-market" },
  { segment: "enterprise_strategic", name: "Enterprise strategic" },
  { segment: "smb", name: "Small business" },
];

export const DEMO_ACCOUNTS = [
  {
    account_id: "a0000000-0000-4000-8000-000000000001",
    name: "Northwind Commerce",
    domain: "northwind.test",
    segment: "commercial_mm",
    icp_tier: "T1",
    abm_active: false,
    vertical: "retail",
    lifecycle_stage: "prospect",
  },
  {
    account_id: "a0000000-0000-4000-8000-000000000002",
    name: "Globex Wholesale",
    domain: "globex.test",
    segment: "enterprise_strategic",
    icp_tier: "T1",
    abm_active: true,
    vertical: "distribution",
    lifecycle_stage: "prospect",
  },
  {
    account_id: "a0000000-0000-4000-8000-000000000003",
    name: "Initech Parts",
    domain: "initech.test",
    segment: "commercial_mm",
    icp_tier: "T2",
    abm_active: false,
    vertical: "manufacturing",
    lifecycle_stage: "prospect",
  },
  {
    account_id: "a0000000-0000-4000-8000-000000000004",
    name: "Umbrella B2B",
    domain: "umbrella.test",
    segment: "smb",
    icp_tier: "T3",
    abm_active: false,
    vertical: "services",
    lifecycle_stage: "prospect",
  },
  {
    account_id: "a0000000-0000-4000-8000-000000000005",
    name: "Acme Vendors",
    domain: "acme.test",
    segment: "commercial_mm",
    icp_tier: "T2",
    abm_active: false,
    vertical: "ecommerce",
    lifecycle_stage: "prospect",
  },
] as const;

const names = [
  ["Dana Whitfield", "VP Marketing", "America/New_York"],
  ["Luis Ortega", "Head of eCommerce", "America/Chicago"],
  ["Priya Raman", "CMO", "Europe/London"],
  ["Tom Becker", "Marketing Lead", "Europe/Berlin"],
  ["Mei Chen", "Director of Partnerships", "Asia/Singapore"],
  ["Sara Lind", "VP Sales", "Europe/Stockholm"],
  ["Omar Haddad", "Marketing Manager", "America/Los_Angeles"],
  ["Grace Kim", "COO", "America/New_York"],
  ["Jonas Weber", "Growth Lead", "Europe/Berlin"],
  ["Ana Souza", "Brand Manager", "America/Sao_Paulo"],
] as const;

export const DEMO_CONTACTS = names.map(([full_name, title, time_zone], i) => {
  const account = DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length];
  const slug = full_name.toLowerCase().replace(/[^a-z]+/g, ".");
  return {
    contact_id: `c0000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    account_id: account.account_id,
    external_id: `attio-demo-${i + 1}`,
    full_name,
    title,
    time_zone,
    email: `${slug}@${account.domain}`,
    linkedin_url: `https://www.linkedin.com/in/${slug.replace(/\./g, "-")}`,
  };
});

export const seedBase: Seeder = async ({ db, clientId, principals, now }) => {
  for (const s of DEMO_SEGMENTS) {
    await db
      .insertInto("segments")
      .values({ client_id: clientId, ...s })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const a of DEMO_ACCOUNTS) {
    await db
      .insertInto("accounts")
      .values({ client_id: clientId, ...a })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const day = 86_400_000;
  for (const [i, c] of DEMO_CONTACTS.entries()) {
    await db
      .insertInto("contacts")
      .values({
        client_id: clientId,
        ...c,
        owner_principal_id: principals.rep?.principalId ?? null,
        last_sales_signal: i % 2 === 0 ? "pricing_page_visit" : null,
        last_sales_signal_at: i % 2 === 0 ? new Date(now.getTime() - (i + 1) * day) : null,
        last_marketing_signal: i % 3 === 0 ? "webinar_attended" : null,
        last_marketing_signal_at: i % 3 === 0 ? new Date(now.getTime() - (5 - (i % 5)) * day) : null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
};
