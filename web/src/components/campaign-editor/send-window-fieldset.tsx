// The campaign editor's send window: the days and local hours a step may be sent in each contact's
// time zone, the spread of the sends and whether public holidays are skipped.
import { type CampaignDraft, type FieldProblem, WEEKDAYS } from "../../campaign-draft.ts";
import { FieldProblems, invalid } from "../campaign-step-editor.tsx";

export function SendWindowFieldset({
  d,
  setWindow,
  problems,
}: {
  d: CampaignDraft;
  setWindow(patch: Partial<CampaignDraft["window"]>): void;
  problems: readonly FieldProblem[];
}) {
  return (
    <fieldset>
      <legend>Send window</legend>
      <label className="inline">
        <input
          type="checkbox"
          checked={d.window.enabled}
          onChange={(e) => setWindow({ enabled: e.target.checked })}
        />{" "}
        Send only on some days and hours, in each contact's time zone
      </label>
      {d.window.enabled ? (
        <>
          <fieldset {...invalid(problems, "/send_window/days", "w-days-err")}>
            <legend>Days</legend>
            <div className="row">
              {WEEKDAYS.map((day) => (
                <label key={day} className="inline">
                  <input
                    type="checkbox"
                    checked={d.window.days.includes(day)}
                    onChange={(e) =>
                      setWindow({
                        days: e.target.checked
                          ? WEEKDAYS.filter((x) => x === day || d.window.days.includes(x))
                          : d.window.days.filter((x) => x !== day),
                      })
                    }
                  />{" "}
                  {day}
                </label>
              ))}
            </div>
            <FieldProblems problems={problems} path="/send_window/days" id="w-days-err" />
          </fieldset>
          <div className="grid compact">
            {(
              [
                ["start", "From (local time)", "time"],
                ["end", "Until (local time)", "time"],
                ["time_zone", "Time zone for contacts without one", "text"],
                ["spread_minutes", "Spread sends over the first … minutes", "number"],
              ] as const
            ).map(([k, text, type]) => (
              <div className="field" key={k}>
                <label htmlFor={`w-${k}`}>{text}</label>
                <input
                  id={`w-${k}`}
                  type={type}
                  value={d.window[k]}
                  placeholder={k === "time_zone" ? "UTC" : undefined}
                  onChange={(e) => setWindow({ [k]: e.target.value })}
                  {...invalid(problems, `/send_window/${k}`, `w-${k}-err`)}
                />
                <FieldProblems problems={problems} path={`/send_window/${k}`} id={`w-${k}-err`} />
              </div>
            ))}
          </div>
          <label className="inline">
            <input
              type="checkbox"
              checked={d.window.skip_holidays}
              onChange={(e) => setWindow({ skip_holidays: e.target.checked })}
            />{" "}
            Skip the public holidays of the contact's country
          </label>
        </>
      ) : null}
    </fieldset>
  );
}
