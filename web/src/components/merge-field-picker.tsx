// "Insert a merge field" (issue 60 item 5): the fields the renderer accepts (src/drafting/merge-fields.ts,
// the one table the validation and the docs read too), inserted at the cursor of a template field,
// so a person picks {{contact.first_name}} instead of remembering how it is spelled. The field
// keeps the focus, with the cursor after what was inserted.
import { type RefObject, useLayoutEffect, useRef } from "react";
import { MERGE_FIELD_NAMES, MERGE_FIELDS } from "../../../src/drafting/contract.ts";

/** `text` with `insert` at the selection of `el` (the end when it has none); the cursor after it. */
export function insertAtCursor(
  el: HTMLTextAreaElement | HTMLInputElement | null,
  text: string,
  insert: string,
) {
  const start = el?.selectionStart ?? text.length;
  const end = el?.selectionEnd ?? start;
  return { value: text.slice(0, start) + insert + text.slice(end), cursor: start + insert.length };
}

export function MergeFieldPicker({
  id,
  target,
  value,
  onInsert,
  what,
}: {
  id: string;
  /** the template field the merge field goes into */
  target: RefObject<HTMLTextAreaElement | null>;
  value: string;
  onInsert(next: string): void;
  /** what the field is, for the picker's label ("the subject of step 2") */
  what: string;
}) {
  // The cursor goes after the insert once the field shows the new text: set before that render,
  // React's update of the field's value moved it to the end (a browser test saw it under load,
  // when a frame came before the render).
  const cursorAfter = useRef<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the field's text changes
  useLayoutEffect(() => {
    const el = target.current;
    const cursor = cursorAfter.current;
    if (cursor === null || !el) return;
    cursorAfter.current = null;
    el.focus();
    el.setSelectionRange(cursor, cursor);
  }, [value, target]);
  return (
    <div className="merge-picker">
      <label htmlFor={id} className="visually-hidden">
        Insert a merge field into {what}
      </label>
      <select
        id={id}
        value=""
        data-testid="merge-field-picker"
        onChange={(e) => {
          const field = e.target.value;
          if (!field) return;
          const el = target.current;
          const { value: next, cursor } = insertAtCursor(el, value, `{{${field}}}`);
          cursorAfter.current = cursor;
          onInsert(next);
        }}
      >
        <option value="">Insert a merge field…</option>
        {MERGE_FIELD_NAMES.map((f) => (
          <option key={f} value={f} title={MERGE_FIELDS[f]}>
            {f}: {MERGE_FIELDS[f]}
          </option>
        ))}
      </select>
    </div>
  );
}
