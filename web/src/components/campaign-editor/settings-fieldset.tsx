// The campaign editor's settings: slug, name, type, owner role, kind, approval policy, team, the
// campaign's weekly touch cap and the legal basis a contact needs to be enrolled.
import {
  CAMPAIGN_TYPES,
  type CampaignDraft,
  type FieldProblem,
  KINDS,
  LEGAL_BASES,
  OWNER_ROLES,
  POLICIES,
} from "../../campaign-draft.ts";
import type { Campaign } from "../../campaigns.ts";
import { label } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { useTeams } from "../../teams.ts";
import { Field, FieldProblems, invalid, options } from "../campaign-step-editor.tsx";
import { Choice, known, Text } from "./vocabulary-fields.tsx";

export function SettingsFieldset({
  d,
  set,
  problems,
  campaigns,
  creating,
}: {
  d: CampaignDraft;
  set(patch: Partial<CampaignDraft>): void;
  problems: readonly FieldProblem[];
  campaigns: Campaign[];
  creating: boolean;
}) {
  const teams = useTeams();
  const setsTeam = useSession().has("revops", "admin");
  return (
    <fieldset>
      <legend>Campaign</legend>
      <div className="grid compact">
        <Text
          id="c-slug"
          path="/slug"
          text="Slug"
          value={d.slug}
          disabled={!creating}
          hint={creating ? "lowercase letters, digits and _; it never changes" : "the slug never changes"}
          problems={problems}
          onChange={(slug) => set({ slug })}
        />
        <Text
          id="c-name"
          path="/name"
          text="Name"
          value={d.name}
          problems={problems}
          onChange={(name) => set({ name })}
        />
        <Choice
          id="c-type"
          path="/type"
          text="Type"
          known={known(CAMPAIGN_TYPES, campaigns, "type")}
          value={d.type}
          problems={problems}
          onChange={(type) => set({ type })}
        />
        <Choice
          id="c-owner"
          path="/owner_role"
          text="Owner role"
          known={known(OWNER_ROLES, campaigns, "owner_role")}
          value={d.owner_role}
          hint="who works the campaign: the BDR agent, the sales agent, customer success"
          problems={problems}
          onChange={(owner_role) => set({ owner_role })}
        />
        <Field id="c-kind" text="Kind" path="/kind" problems={problems}>
          {(a) => (
            <select {...a} value={d.kind} onChange={(e) => set({ kind: e.target.value })}>
              {options(KINDS)}
            </select>
          )}
        </Field>
        <Field
          id="c-policy"
          text="Approval policy"
          path="/approval_policy"
          problems={problems}
          hint="Sales campaigns always need approval."
        >
          {(a) => (
            <select
              {...a}
              value={d.approval_policy}
              onChange={(e) => set({ approval_policy: e.target.value })}
            >
              {POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p === "require_approval" ? "A person approves each draft" : "Send without approval"}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        id="c-team"
        text="Team"
        path="/team_id"
        problems={problems}
        hint={
          setsTeam
            ? "A team campaign is changed by RevOps, admins and the team's managers; the team's people enroll into it."
            : "Only RevOps and admins give a campaign to a team."
        }
      >
        {(a) => (
          <select
            {...a}
            value={d.team_id}
            disabled={!setsTeam}
            onChange={(e) => set({ team_id: e.target.value })}
          >
            <option value="">None: the workspace's campaign</option>
            {(teams.data?.items ?? []).map((t) => (
              <option key={t.team_id} value={t.team_id}>
                {t.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="c-cap"
        text="Weekly touch cap for this campaign"
        path="/weekly_touch_cap"
        problems={problems}
        hint="At most this many touches of this campaign per contact in any 7 days, beside the contact's own caps. Blank: no campaign cap."
      >
        {(a) => (
          <input
            {...a}
            type="number"
            min={1}
            max={100}
            step={1}
            value={d.weekly_touch_cap}
            onChange={(e) => set({ weekly_touch_cap: e.target.value })}
          />
        )}
      </Field>
      <fieldset {...invalid(problems, "/required_legal_basis", "c-basis-err")}>
        <legend>Legal basis a contact needs to be enrolled</legend>
        <div className="row">
          {LEGAL_BASES.map((b) => (
            <label key={b} className="inline">
              <input
                type="checkbox"
                checked={d.legal_basis.includes(b)}
                onChange={(e) =>
                  set({
                    legal_basis: e.target.checked
                      ? [...d.legal_basis, b]
                      : d.legal_basis.filter((x) => x !== b),
                  })
                }
              />{" "}
              {label(b)}
            </label>
          ))}
        </div>
        <span className="hint muted">None ticked: no basis is required.</span>
        <FieldProblems problems={problems} path="/required_legal_basis" id="c-basis-err" />
      </fieldset>
    </fieldset>
  );
}
