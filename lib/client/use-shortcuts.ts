"use client";

import { useEffect, useRef } from "react";

export type ShortcutMap = Record<string, (e: KeyboardEvent) => void>;

/** Typing in a field, or working inside a dialog or menu, must never trigger page shortcuts. */
function ignored(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return true;
  const t = e.target as HTMLElement | null;
  if (!t || !(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return true;
  return Boolean(t.closest('[role="dialog"], [role="menu"], [role="listbox"][data-shortcuts="off"]'));
}

/**
 * Page-wide single-key shortcuts (j, k, /, ?...). Keys are KeyboardEvent.key values. The latest
 * handlers are used without re-subscribing, so callers may pass a fresh object each render.
 */
export function useShortcuts(map: ShortcutMap, enabled = true) {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const handler = current.current[e.key];
      if (!handler || ignored(e)) return;
      handler(e);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}
