// Territories (issue 61 item 1): which team works which accounts, and how new contacts get an owner.
// Everyone reads them; RevOps and admins create, change and delete them, and every change is first
// previewed: a dry run of the same write (src/teams/manage-territories.ts) says which accounts move
// from which territory to which, and Save is offered only for the change that was previewed.
// The table, the form, the preview of a change and the routing of unowned contacts are in
// territories-page/.
import { type FormEvent, useState } from "react";
import { api, del, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import type { PlayConfig } from "../plays.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { type AssignResult, AssignUnowned } from "./territories-page/assign-unowned.tsx";
import { PreviewCard } from "./territories-page/preview-card.tsx";
import { TerritoriesTable } from "./territories-page/territories-table.tsx";
import {
  bodyOf,
  type Draft,
  draftOf,
  type Preview,
  type Territory,
  type WriteResult,
} from "./territories-page/territory-draft.ts";
import { TerritoryForm } from "./territories-page/territory-form.tsx";

export function TerritoriesPage() {
  const { has } = useSession();
  const editor = has("revops", "admin");
  const territories = useApi<ApiResponse<"listTerritories">>("/api/v1/territories");
  const teams = useApi<ApiResponse<"listTeams">>("/api/v1/teams");
  // the segments by name (issue 60: names, not slugs, where a person reads them)
  const config = useApi<PlayConfig>("/api/v1/plays/config");
  const segments = config.data?.segments ?? [];
  const segmentName = (slug: string) => segments.find((x) => x.segment === slug)?.name ?? slug;
  const action = useAction();
  const [notice, setNotice] = useState("");
  const [draft, setDraft] = useState<Draft | null>(null);
  // the change that was previewed (its request, so Save sends exactly that) and what it moves
  const [previewed, setPreviewed] = useState<{ key: string; label: string; preview: Preview } | null>(null);
  const [assign, setAssign] = useState<AssignResult | null>(null);

  const editing = (d: Draft | null) => {
    setDraft(d);
    setPreviewed(null);
    setNotice("");
  };
  const write = (d: Draft, dry: boolean) =>
    d.id
      ? api<ApiResponse<"updateTerritory">>("PATCH", `/api/v1/territories/${d.id}`, {
          body: { ...bodyOf(d), dry_run: dry },
        })
      : post<WriteResult>("/api/v1/territories", { ...bodyOf(d), dry_run: dry });
  const keyOf = (d: Draft) => JSON.stringify([d.id, bodyOf(d)]);

  const preview = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    let out: WriteResult | undefined;
    if (await action.run(async () => (out = await write(draft, true))))
      setPreviewed({ key: keyOf(draft), label: draft.name.trim(), preview: out!.preview });
  };
  const save = async () => {
    if (!draft) return;
    if (await action.run(() => write(draft, false))) {
      const moved = previewed?.preview.accounts_moving ?? 0;
      editing(null);
      setNotice(
        `Territory ${draft.name.trim()} saved; ${moved} ${moved === 1 ? "account" : "accounts"} moved.`,
      );
      territories.reload();
    }
  };
  const previewDelete = async (t: Territory) => {
    setDraft(null);
    let out: WriteResult | undefined;
    if (
      await action.run(
        async () =>
          (out = await del<ApiResponse<"deleteTerritory">>(
            `/api/v1/territories/${t.territory_id}?dry_run=true`,
          )),
      )
    )
      setPreviewed({ key: `delete:${t.territory_id}`, label: t.name, preview: out!.preview });
  };
  const confirmDelete = async () => {
    const id = previewed?.key.slice("delete:".length);
    if (!id) return;
    if (await action.run(() => del(`/api/v1/territories/${id}`))) {
      setNotice(
        `Territory ${previewed?.label} deleted; its accounts fall to the next territory that matches.`,
      );
      setPreviewed(null);
      territories.reload();
    }
  };
  const runAssign = async (dry: boolean) => {
    let out: AssignResult | undefined;
    if (
      await action.run(
        async () => (out = await post<AssignResult>("/api/v1/territories/assign", { dry_run: dry })),
      )
    )
      setAssign(out!);
  };
  const deleting = previewed?.key.startsWith("delete:") ?? false;
  const current = draft !== null && previewed !== null && previewed.key === keyOf(draft);

  return (
    <section aria-labelledby="territories-h">
      <h1 id="territories-h" tabIndex={-1}>
        Territories
      </h1>
      <p className="muted">
        Which team works which accounts. When several territories match an account, the lowest priority number
        wins. A new contact takes its account's owner; an account without one takes the next member of its
        territory's team in turn.{" "}
        {editor
          ? "Every change is previewed before it is saved, and audited."
          : "RevOps and admins change them."}
      </p>
      {notice ? (
        <p className="notice" role="status" data-testid="territories-notice">
          {notice}
        </p>
      ) : null}
      <ErrorNote error={action.error ?? territories.error ?? teams.error} />
      {territories.data && territories.data.items.length === 0 ? (
        <p data-testid="no-territories">No territories yet.{editor ? " Add the first one below." : ""}</p>
      ) : null}
      {territories.data?.items.length ? (
        <TerritoriesTable
          items={territories.data.items}
          editor={editor}
          segmentName={segmentName}
          busy={action.busy}
          onEdit={(t) => editing(draftOf(t))}
          onDelete={(t) => void previewDelete(t)}
        />
      ) : null}

      {editor && draft === null ? (
        <p>
          <button type="button" className="primary" onClick={() => editing(draftOf())}>
            New territory
          </button>
        </p>
      ) : null}

      {editor && draft ? (
        <TerritoryForm
          draft={draft}
          setDraft={setDraft}
          teams={teams.data?.items}
          segments={segments}
          busy={action.busy}
          current={current}
          onPreview={preview}
          onSave={save}
          onCancel={() => editing(null)}
        >
          {current ? <PreviewCard preview={previewed.preview} /> : null}
        </TerritoryForm>
      ) : null}

      {deleting && previewed ? (
        <section className="card" aria-labelledby="delete-h">
          <h2 id="delete-h">Delete {previewed.label}?</h2>
          <PreviewCard preview={previewed.preview} />
          <p>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => void confirmDelete()}
            >
              Confirm delete
            </button>{" "}
            <button type="button" onClick={() => setPreviewed(null)}>
              Cancel
            </button>
          </p>
        </section>
      ) : null}

      {editor ? <AssignUnowned assign={assign} busy={action.busy} onRun={runAssign} /> : null}
    </section>
  );
}
