/**
 * Light, dark or the system's choice. Kept in a cookie so the server renders <html> with the right
 * class: no flash of the wrong theme, and no inline script (which the CSP would have to allow).
 */
export type Theme = "light" | "dark" | "system";
export const THEME_COOKIE = "theme";

export function parseTheme(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

/** The class on <html>: "light"/"dark" override the system preference (app/globals.css). */
export function themeClass(theme: Theme): string {
  return theme === "system" ? "" : theme;
}

export function applyTheme(theme: Theme) {
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax`;
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  if (theme !== "system") root.classList.add(theme);
}
