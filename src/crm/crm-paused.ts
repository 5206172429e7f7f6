// A CRM write refused because the tenant's allowance is spent (Salesforce's REQUEST_LIMIT_EXCEEDED:
// the org's rolling 24-hour API limit). Not a failure of this write: the outbox pauses every
// pending write of the tenant for `pauseMs` and does not count the attempt (drain-crm-outbox.ts).
import { CrmWriteError } from "./builtin-crm.ts";

export class CrmPaused extends CrmWriteError {
  constructor(
    message: string,
    readonly pauseMs: number,
    status?: number,
  ) {
    super(message, false, status);
    this.name = "CrmPaused";
  }
}
