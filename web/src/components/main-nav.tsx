// The main navigation (issue 60 item 5): on a phone (≤ 640 px, styles.css) it folds behind a menu
// button so the page starts at the top of the screen; wider screens show every link and no button.
// The button says whether the list is open (aria-expanded, aria-controls); opening moves the focus
// to the first link, Escape closes and gives the focus back to the button, and following a link
// closes it. The links themselves are the shell's (app.tsx): this component only folds them.
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useLocation } from "../router.tsx";

export function MainNav({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const { path } = useLocation();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);

  // a link was followed: the menu has done its work
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path change
  useEffect(() => setOpen(false), [path]);

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) requestAnimationFrame(() => list.current?.querySelector<HTMLElement>("a, button")?.focus());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || !open) return;
    e.preventDefault();
    setOpen(false);
    button.current?.focus();
  };

  return (
    <nav aria-label="Main" className={open ? "main-nav open" : "main-nav"} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls="main-nav-links"
        onClick={toggle}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <div id="main-nav-links" className="main-nav-links" ref={list}>
        {children}
      </div>
    </nav>
  );
}
