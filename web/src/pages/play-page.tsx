// One play: its documents as forms (editable under review), the approval panel with the cap
// meter, the edit history as a diff against the brain draft, retire with a reason, and copy a
// retired play into a new draft.
import { useEffect, useMemo, useState } from "react";
import { patch, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { ApprovalPanel } from "../components/approval-panel.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { CadenceForm, SuccessForm, TargetForm } from "../components/play-forms.tsx";
import { PlayHistory } from "../components/play-history.tsx";
import { RetireReason } from "../components/retire-reason.tsx";
import { fmtTime, label } from "../format.ts";
import { usePeople } from "../people.ts";
import { type Play, RETIRE_REASONS, useSegmentName } from "../plays.ts";
import { Link, navigate } from "../router.tsx";
import type { FieldError } from "../schemas.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { RetrospectivePanel } from "./retrospective-panel.tsx";

export function PlayPage({ id }: { id: string }) {
  const { data, error, reload } = useApi<ApiResponse<"getPlay">>(`/api/v1/plays/${id}`);
  const people = usePeople();
  const segmentName = useSegmentName();
  const play = data?.play;
  return (
    <section>
      <h1 tabIndex={-1}>{play ? play.name : "Play"}</h1>
      <ErrorNote error={error} />
      {play ? (
        <>
          <p className="row">
            <span className={`badge ${play.state}`} data-testid="play-state">
              {label(play.state)}
            </span>
            <span>
              {play.segment ? `Segment ${segmentName(play.segment)}` : `Account ${play.account_id}`}
            </span>
            <span className="muted">
              Drafted by {play.writer_agent_id} {fmtTime(play.created_at)} from{" "}
              <Link to={`/proposals/${play.originating_proposal_id}`} data-testid="play-proposal">
                the brain's proposal
              </Link>
            </span>
            {play.picked_up_by_user_id ? (
              <span className="muted">
                Picked up by {people[play.picked_up_by_user_id] ?? play.picked_up_by_user_id}
              </span>
            ) : null}
          </p>
          <div className="split">
            <div>
              <PlayEditor key={play.updated_at} play={play} onSaved={reload} />
              <PlayHistory play={play} people={people} />
            </div>
            <div>
              {/* made again when the play changes (approve, retire…), so its cap meter is current */}
              <ApprovalPanel key={play.updated_at} play={play} people={people} onDone={reload} />
              <LifecyclePanel play={play} onDone={reload} />
              {play.state === "active" || play.state === "retired" ? (
                <RetrospectivePanel playId={play.play_id} />
              ) : null}
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}

function PlayEditor({ play, onSaved }: { play: Play; onSaved(): void }) {
  const { has } = useSession();
  const [name, setName] = useState(play.name);
  const [hypothesis, setHypothesis] = useState(play.hypothesis);
  const [target, setTarget] = useState<any>(play.target_definition);
  const [cadence, setCadence] = useState<any>(play.suggested_cadence);
  const [success, setSuccess] = useState<any>(play.success_criteria);
  const [validators, setValidators] = useState<Record<string, any>>({});
  // the validator (Ajv) loads on demand, so pages without forms stay light
  const [schemas, setSchemas] = useState<typeof import("../schemas.ts") | null>(null);
  const act = useAction();
  useEffect(() => {
    import("../schemas.ts")
      .then(async (m) => {
        setValidators(await m.loadSchemas());
        setSchemas(m);
      })
      .catch(() => setValidators({}));
  }, []);
  const validate = (name: string, value: unknown, prefix: string): FieldError[] =>
    schemas ? schemas.validate(validators[name], value, prefix) : [];
  const editable = play.state === "under_review" && has("revops", "slm");
  // the fields the API's PATCH accepts, read from the published OpenAPI document
  const accepted = useMemo(() => (schemas ? schemas.patchFields("/api/v1/plays/{playId}") : null), [schemas]);
  const successEditable = editable && (accepted?.includes("success_criteria") ?? false);

  const errors: FieldError[] = [
    ...validate("PlayTargetDefinition", target, "target_definition"),
    ...validate("PlaySuggestedCadence", cadence, "suggested_cadence"),
    ...validate("PlaySuccessCriteria", success, "success_criteria"),
    ...daysNeverDecrease(cadence),
  ];
  if (!name.trim()) errors.push({ path: "name", message: "must not be blank" });
  if (!hypothesis.trim()) errors.push({ path: "hypothesis", message: "must not be blank" });

  const changes: Record<string, unknown> = {};
  if (name !== play.name) changes.name = name;
  if (hypothesis !== play.hypothesis) changes.hypothesis = hypothesis;
  if (JSON.stringify(target) !== JSON.stringify(play.target_definition)) changes.target_definition = target;
  if (JSON.stringify(cadence) !== JSON.stringify(play.suggested_cadence)) changes.suggested_cadence = cadence;
  if (successEditable && JSON.stringify(success) !== JSON.stringify(play.success_criteria))
    changes.success_criteria = success;
  const dirty = Object.keys(changes).length > 0;

  const save = async () => {
    if (await act.run(() => patch(`/api/v1/plays/${play.play_id}`, changes))) onSaved();
  };

  return (
    <form
      className="card"
      aria-labelledby="edit-h"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="edit-h">{editable ? "Co-define the play" : "The play"}</h2>
      {play.state === "draft" ? (
        <p className="muted">A draft is the brain's proposal: pick it up for review to edit it.</p>
      ) : null}
      <fieldset disabled={!editable}>
        <div className="field">
          <label htmlFor="play-name">Name</label>
          <input id="play-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={128} />
        </div>
        <div className="field">
          <label htmlFor="play-hypothesis">Hypothesis</label>
          <textarea id="play-hypothesis" value={hypothesis} onChange={(e) => setHypothesis(e.target.value)} />
        </div>
      </fieldset>
      <TargetForm value={target} onChange={setTarget} errors={errors} disabled={!editable} />
      <CadenceForm value={cadence} onChange={setCadence} errors={errors} disabled={!editable} />
      <SuccessForm
        value={success}
        onChange={setSuccess}
        errors={errors}
        disabled={!successEditable}
        note={
          editable && !successEditable
            ? "Success criteria are set with the draft; the plays API does not accept changes to them in review."
            : undefined
        }
      />
      {editable ? (
        <div className="row">
          <button type="submit" className="primary" disabled={!dirty || errors.length > 0 || act.busy}>
            Save changes
          </button>
          {errors.length ? (
            <span className="field-error" data-testid="form-invalid">
              {errors.length} problem{errors.length > 1 ? "s" : ""} to fix before saving
            </span>
          ) : dirty ? (
            <span className="muted">Unsaved changes. Saving withdraws approvals already given.</span>
          ) : null}
        </div>
      ) : null}
      <ErrorNote error={act.error} testId="edit-error" />
    </form>
  );
}

function daysNeverDecrease(cadence: any): FieldError[] {
  const steps: any[] = Array.isArray(cadence?.steps) ? cadence.steps : [];
  const out: FieldError[] = [];
  for (let i = 1; i < steps.length; i++) {
    if (
      typeof steps[i].day === "number" &&
      typeof steps[i - 1].day === "number" &&
      steps[i].day < steps[i - 1].day
    )
      out.push({
        path: `suggested_cadence/steps/${i}/day`,
        message: `must be >= ${steps[i - 1].day} (days never decrease)`,
      });
  }
  return out;
}

function LifecyclePanel({ play, onDone }: { play: Play; onDone(): void }) {
  const { has } = useSession();
  const act = useAction();
  const reasons = RETIRE_REASONS[play.state];
  const [reason, setReason] = useState(reasons[0] ?? "");
  const pickUp = async () => {
    if (await act.run(() => post(`/api/v1/plays/${play.play_id}/pickup`))) onDone();
  };
  const retire = async () => {
    if (await act.run(() => post(`/api/v1/plays/${play.play_id}/retire`, { retire_reason: reason })))
      onDone();
  };
  const copy = async () => {
    let created: any;
    if (await act.run(async () => (created = await post(`/api/v1/plays/${play.play_id}/copy`)))) {
      const newId = created?.play_id ?? created?.play?.play_id;
      if (newId) navigate(`/plays/${newId}`);
    }
  };
  return (
    <section className="card" aria-labelledby="life-h">
      <h2 id="life-h">Lifecycle</h2>
      {play.state === "draft" && has("revops", "slm") ? (
        <p>
          <button type="button" className="primary" onClick={() => void pickUp()} disabled={act.busy}>
            Pick up for review
          </button>
        </p>
      ) : null}
      {reasons.length && has("revops") ? (
        <div className="row">
          <RetireReason
            id="retire-reason"
            title="Retire reason"
            reasons={reasons}
            value={reason}
            onChange={setReason}
          />
          <button type="button" className="danger" onClick={() => void retire()} disabled={act.busy}>
            Retire
          </button>
        </div>
      ) : null}
      {play.state === "retired" ? (
        <>
          <p>
            Retired {fmtTime(play.retired_at)}: <strong>{label(play.retire_reason)}</strong>
          </p>
          {has("revops", "slm") ? (
            <button type="button" onClick={() => void copy()} disabled={act.busy}>
              Copy into a new draft
            </button>
          ) : null}
        </>
      ) : null}
      {play.copied_from_play_id ? (
        <p className="muted">
          Copied from <a href={`/plays/${play.copied_from_play_id}`}>a retired play</a>.
        </p>
      ) : null}
      <ErrorNote error={act.error} testId="lifecycle-error" />
    </section>
  );
}
