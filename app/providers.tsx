"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";
import { TooltipProvider } from "@/components/ui/tooltip";
import { ApiError } from "@/lib/client/api";
import { applyTheme, type Theme } from "@/lib/client/theme";
import { ThemeContext } from "@/lib/client/use-theme";


/** A 4xx will not change by asking again; network errors and 5xx get one more try. */
const retry = (count: number, err: unknown) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2;

export function Providers({ children, theme: initialTheme }: { children: ReactNode; theme: Theme }) {
  // One client per browser tab; created in state so server renders never share it.
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry } } }));
  const [theme, setThemeState] = useState(initialTheme);
  const setTheme = (t: Theme) => {
    applyTheme(t);
    setThemeState(t);
  };
  return (
    <ThemeContext.Provider value={{ theme, setTheme }}>
      <QueryClientProvider client={client}>
        <TooltipProvider delayDuration={300}>
          {children}
          <Toaster theme={theme} position="bottom-right" closeButton richColors />
        </TooltipProvider>
      </QueryClientProvider>
    </ThemeContext.Provider>
  );
}
