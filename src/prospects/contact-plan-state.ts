// What a contact import's plan has decided so far (issue 15 item 1): each row is planned against
// the rows above it through this state (plan-contact-import.ts), and a planned write is remembered
// by its email key and CRM id so that a repeat in the file finds it.

import type {
  ContactPlanOptions,
  ImportLookups,
  NewAccount,
  PlannedJobChange,
  PlannedWrite,
} from "./contact-plan.ts";
import type { RowReport } from "./import-job.ts";

/** What the plan has decided so far: each row reads the rows above it through this. */
export interface PlanState {
  lookups: ImportLookups;
  opts: ContactPlanOptions;
  report: RowReport[];
  writes: PlannedWrite[];
  /** the writes planned so far, by `e:<email key>` and `c:<crm id>` */
  inFile: Map<string, PlannedWrite>;
  newAccounts: Map<string, NewAccount>;
  jobChanges: PlannedJobChange[];
  /** the contacts a job change of the file moves */
  moving: Set<string>;
}

export function remember(s: PlanState, w: PlannedWrite) {
  if (w.values.emailKey) s.inFile.set(`e:${w.values.emailKey}`, w);
  if (w.values.crmId) s.inFile.set(`c:${w.values.crmId}`, w);
}
