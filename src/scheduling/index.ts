// The scheduling module's door (issue 70 item 2): outside src/scheduling, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { isPublicHoliday } from "./public-holidays.ts";
export {
  asSendWindow,
  type SendWindow,
  type SendWindowInput,
  scheduleInWindow,
  sendWindowProblems,
  sendWindowRelease,
} from "./send-window.ts";
