"use client";

import { useSyncExternalStore } from "react";
import { useTheme } from "./use-theme";

const query = () => window.matchMedia("(prefers-color-scheme: dark)");

/** Whether the page shows dark: the user's choice, or the system's when they chose none (for canvas colours, which CSS cannot reach). */
export function useDark(): boolean {
  const { theme } = useTheme();
  const systemDark = useSyncExternalStore(
    (onChange) => {
      const q = query();
      q.addEventListener("change", onChange);
      return () => q.removeEventListener("change", onChange);
    },
    () => query().matches,
    () => false,
  );
  return theme === "dark" || (theme === "system" && systemDark);
}
