// The rep's task queue (issue 60 item 4), at the speed a rep clears it: the tasks due now by due time
// beside the open one, with everything needed to do it (prospect, company, campaign, step, the
// approved words, the profile link); done-and-next, skip with a reason, snooze to a time, and the
// keys of web/src/tasks.ts. Marking a task done is the coordinator's to judge (a contact that had
// today's touch leaves it held until its time): the answer is shown and the queue moves on. x (or a
// row's checkbox) selects tasks, and "Complete selected" (Shift+C) marks each done by the same call,
// one task at a time, and lists each task's result.
// The calls that mark tasks done and "Complete selected"'s bar and results are in tasks-page/.
import { useCallback, useEffect, useState } from "react";
import { ApiError, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { TaskDetail, type TaskForm } from "../components/task-detail.tsx";
import { TaskList } from "../components/task-list.tsx";
import { TaskShortcuts } from "../components/task-shortcuts.tsx";
import { outcomesOf, outcomeWords, type QueueTask, type TaskOutcomeChoice, taskKey } from "../tasks.ts";
import { useAction, useApi } from "../use-api.ts";
import { BulkBar, BulkResults } from "./tasks-page/bulk-complete.tsx";
import { type BulkResult, completeEach, DONE, markDone, type TaskCall } from "./tasks-page/task-calls.ts";

/** What happened to the last task, in one line a person reads (and the test waits on). */
type Outcome = { text: string; tone: "notice" | "warn-box" };

export function TasksPage() {
  const queue = useApi<ApiResponse<"listRepTasks">>("/api/v1/rep-tasks", {
    status: "open",
    limit: 200,
  });
  const later = useApi<ApiResponse<"listRepTasks">>("/api/v1/rep-tasks", {
    status: "open",
    due: "later",
    limit: 200,
  });
  const [items, setItems] = useState<QueueTask[]>([]);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [form, setForm] = useState<TaskForm>(null);
  const [help, setHelp] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [cleared, setCleared] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkChoice, setBulkChoice] = useState(DONE);
  const [bulk, setBulk] = useState<BulkResult[] | null>(null);
  const act = useAction();

  useEffect(() => {
    if (!queue.data) return;
    setItems(queue.data.items);
    setCurrentId((id) =>
      id && queue.data!.items.some((t) => t.id === id) ? id : (queue.data!.items[0]?.id ?? null),
    );
  }, [queue.data]);

  const index = items.findIndex((t) => t.id === currentId);
  const current = index >= 0 ? items[index] : null;

  /** The task leaves the queue; the one after it opens (or the one before, at the end). */
  const leave = useCallback((id: string, text: Outcome) => {
    setItems((list) => {
      const i = list.findIndex((t) => t.id === id);
      const rest = list.filter((t) => t.id !== id);
      setCurrentId(rest[Math.min(i, rest.length - 1)]?.id ?? null);
      return rest;
    });
    setSelected((sel) => {
      if (!sel.has(id)) return sel;
      const next = new Set(sel);
      next.delete(id);
      return next;
    });
    setForm(null);
    setOutcome(text);
    setBulk(null);
    setCleared((n) => n + 1);
  }, []);

  const toggle = useCallback((id: string) => {
    setSelected((sel) => {
      const next = new Set(sel);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  // the exec's close step, sent from his own connected mailbox (issue 67 item 5)
  const sendFromMailbox = useCallback(
    async (t: QueueTask) => {
      let held: ApiError | null = null;
      const ok = await act.run(async () => {
        try {
          await post(`/api/v1/rep-tasks/${t.id}/send`);
        } catch (e) {
          if (e instanceof ApiError && ["REP_TASK_HELD", "REP_TASK_CANCELLED_CONTACT"].includes(e.code))
            held = e;
          else throw e;
        }
      });
      if (!ok) return;
      const h = held as ApiError | null;
      if (h) leave(t.id, { text: `${t.prospect.name}: ${h.message}`, tone: "warn-box" });
      else
        leave(t.id, {
          text: `Sent from your mailbox to ${t.prospect.name}; the touch is recorded.`,
          tone: "notice",
        });
      if (h?.code === "REP_TASK_HELD") later.reload();
    },
    [act, leave, later],
  );

  const complete = useCallback(
    async (t: QueueTask, call?: TaskCall) => {
      let held: ApiError | null = null;
      const ok = await act.run(async () => {
        held = await markDone(t, call);
      });
      if (!ok) return;
      const h = held as ApiError | null;
      if (h) leave(t.id, { text: `${t.prospect.name}: ${h.message}`, tone: "warn-box" });
      else if (call)
        leave(t.id, {
          text: `${call.outcome.label}: ${t.prospect.name}, ${outcomeWords(call.outcome, call.exitReason)}.`,
          tone: "notice",
        });
      else leave(t.id, { text: `Done: ${t.prospect.name}, the touch is recorded.`, tone: "notice" });
      if (h?.code === "REP_TASK_HELD") later.reload();
    },
    [act, leave, later],
  );

  /**
   * The selected tasks, one POST /done each as a single complete makes (the coordinator judges each):
   * the chosen outcome where the task's channel has outcomes (a call), plain done where it has none.
   * Each task's result is listed; what went through, or was held, leaves the queue.
   */
  const completeSelected = useCallback(
    async (choice: string) => {
      const chosen = items.filter((t) => selected.has(t.id));
      if (!chosen.length) return;
      const results: BulkResult[] = [];
      await act.run(async () => {
        await completeEach(chosen, choice, results);
      });
      const gone = new Set(results.filter((r) => r.left).map((r) => r.task.id));
      setItems((list) => {
        const rest = list.filter((t) => !gone.has(t.id));
        setCurrentId((id) => (id && !gone.has(id) ? id : (rest[0]?.id ?? null)));
        return rest;
      });
      setSelected(new Set());
      setForm(null);
      setOutcome(null);
      setBulk(results);
      setCleared((n) => n + gone.size);
      if (results.some((r) => r.held)) later.reload();
    },
    [act, items, selected, later],
  );

  const skip = useCallback(
    async (t: QueueTask, reason: string, note: string) => {
      const ok = await act.run(() =>
        post(`/api/v1/rep-tasks/${t.id}/skip`, note ? { reason, note } : { reason }),
      );
      if (ok) leave(t.id, { text: `Skipped: ${t.prospect.name}.`, tone: "notice" });
    },
    [act, leave],
  );

  const snooze = useCallback(
    async (t: QueueTask, until: Date) => {
      const ok = await act.run(() =>
        post(`/api/v1/rep-tasks/${t.id}/snooze`, { until: until.toISOString() }),
      );
      if (ok) {
        leave(t.id, { text: `Snoozed: ${t.prospect.name} until ${until.toLocaleString()}.`, tone: "notice" });
        later.reload();
      }
    },
    [act, leave, later],
  );

  const [copiedId, setCopiedId] = useState<string | null>(null);
  const copy = useCallback(async (t: QueueTask) => {
    const text = t.subject ? `${t.subject}\n\n${t.body}` : t.body;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // no clipboard permission: select the message so Ctrl+C copies it
      const el = document.getElementById("task-message") as HTMLTextAreaElement | null;
      el?.select();
      document.execCommand?.("copy");
    }
    setCopiedId(t.id);
  }, []);

  const openProfile = useCallback((t: QueueTask) => {
    if (!t.link) return;
    // a number is dialled by the phone app the browser hands tel: to; a profile opens in a tab
    if (t.link.url.startsWith("tel:")) window.location.assign(t.link.url);
    else window.open(t.link.url, "_blank", "noopener,noreferrer");
  }, []);

  /** An outcome chosen (button or 1–5): one that may end the enrollment asks for the exit reason first. */
  const chooseOutcome = useCallback(
    (t: QueueTask, o: TaskOutcomeChoice) => {
      if (o.rule.after === "exit_rules") setForm(`outcome:${o.name}`);
      else void complete(t, { outcome: o, exitReason: null });
    },
    [complete],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = taskKey(e, form !== null || help);
      if (!k) return;
      if (k === "cancel") {
        if (form) setForm(null);
        e.preventDefault();
        return;
      }
      if (k === "help") {
        setHelp(true);
        e.preventDefault();
        return;
      }
      if (k === "next" || k === "prev") {
        const to = items[Math.max(0, Math.min(items.length - 1, index + (k === "next" ? 1 : -1)))];
        if (to) setCurrentId(to.id);
        e.preventDefault();
        return;
      }
      if (k === "completeSelected") {
        if (selected.size && !act.busy) void completeSelected(bulkChoice);
        e.preventDefault();
        return;
      }
      if (!current || act.busy) return;
      if (k === "select") {
        toggle(current.id);
        e.preventDefault();
        return;
      }
      const outcomes = outcomesOf(current.channel);
      const chosen = k === "outcome" ? outcomes.find((x) => x.key === e.key) : undefined;
      if (k === "outcome" && !chosen) return;
      e.preventDefault();
      if (chosen) chooseOutcome(current, chosen);
      else if (k === "complete") {
        // a call needs its outcome: c offers the first one (connected) rather than failing
        if (outcomes[0]) chooseOutcome(current, outcomes[0]);
        else void complete(current);
      } else if (k === "skip") setForm("skip");
      else if (k === "snooze") setForm("snooze");
      else if (k === "open") openProfile(current);
      else if (k === "copy") void copy(current);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [
    items,
    index,
    current,
    form,
    help,
    act.busy,
    complete,
    chooseOutcome,
    copy,
    openProfile,
    selected,
    bulkChoice,
    completeSelected,
    toggle,
  ]);

  const laterCount = later.data?.items.length ?? 0;
  return (
    <section>
      <h1 tabIndex={-1}>My tasks</h1>
      <p className="muted" data-testid="task-counts">
        <strong>{items.length}</strong> due now
        {laterCount ? ` · ${laterCount} later (snoozed or held)` : ""}
        {cleared ? ` · ${cleared} cleared this visit` : ""} ·{" "}
        <button type="button" className="link" onClick={() => setHelp(true)}>
          Keyboard shortcuts <kbd className="key">?</kbd>
        </button>
      </p>
      <ErrorNote error={queue.error} />
      {outcome ? (
        <p className={outcome.tone} role="status" data-testid="task-outcome">
          {outcome.text}
        </p>
      ) : null}
      {bulk ? <BulkResults results={bulk} /> : null}
      {selected.size > 0 ? (
        <BulkBar
          items={items}
          selected={selected}
          busy={act.busy}
          bulkChoice={bulkChoice}
          onChoice={setBulkChoice}
          onComplete={() => void completeSelected(bulkChoice)}
          onClear={() => setSelected(new Set())}
        />
      ) : null}
      {items.length === 0 && queue.data ? (
        <p className="card" data-testid="tasks-empty">
          Nothing due now.{laterCount ? ` ${laterCount} come back later.` : ""}
        </p>
      ) : null}
      {items.length ? (
        <div className="triage">
          <TaskList
            items={items}
            currentId={currentId}
            selected={selected}
            onOpen={setCurrentId}
            onToggle={toggle}
          />
          {current ? (
            <TaskDetail
              key={current.id}
              task={current}
              form={form}
              busy={act.busy}
              error={act.error}
              copied={copiedId === current.id}
              onForm={setForm}
              onComplete={() => void complete(current)}
              onSendFromMailbox={() => void sendFromMailbox(current)}
              onOutcome={(o) => chooseOutcome(current, o)}
              onCall={(o, exitReason) => void complete(current, { outcome: o, exitReason })}
              onSkip={(reason, note) => void skip(current, reason, note)}
              onSnooze={(until) => void snooze(current, until)}
              onCopy={() => void copy(current)}
            />
          ) : null}
        </div>
      ) : null}
      {help ? <TaskShortcuts onClose={() => setHelp(false)} /> : null}
    </section>
  );
}
