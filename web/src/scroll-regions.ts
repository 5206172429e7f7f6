// A table (or the on_exit graph) wider than its card scrolls inside it (.table-wrap, .graph-scroll in
// styles.css); on a phone most do. A region that scrolls must be reachable by the keyboard (WCAG
// 2.1.1; axe's scrollable-region-focusable), so every such region gets tabindex=0 while it overflows
// and loses it when it fits (a region that fits is no stop for the Tab key). One observer for the
// whole workspace, so no page has to remember it.
const WRAP = ".table-wrap, .graph-scroll";

function mark(el: HTMLElement): void {
  const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
  if (overflows && el.tabIndex < 0) {
    el.tabIndex = 0;
    el.dataset.scrollFocus = "auto";
  } else if (!overflows && el.dataset.scrollFocus === "auto") {
    el.removeAttribute("tabindex");
    delete el.dataset.scrollFocus;
  }
}

export function keepScrollRegionsFocusable(root: HTMLElement): () => void {
  const sizes = new ResizeObserver((entries) => {
    for (const e of entries) mark(e.target as HTMLElement);
  });
  const watch = (node: ParentNode) => {
    for (const el of node.querySelectorAll<HTMLElement>(WRAP)) sizes.observe(el);
  };
  // tables arrive with their data: look again whenever the page changes
  const added = new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement)) continue;
        if (n.matches(WRAP)) sizes.observe(n);
        watch(n);
        // a wrap whose rows arrived later
        const wrap = n.closest<HTMLElement>(WRAP);
        if (wrap) mark(wrap);
      }
  });
  watch(root);
  added.observe(root, { childList: true, subtree: true });
  return () => {
    added.disconnect();
    sizes.disconnect();
  };
}
