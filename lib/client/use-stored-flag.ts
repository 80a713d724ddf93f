"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * A yes/no preference kept in this browser (localStorage), e.g. the inbox's "hide experiment
 * traffic". Starts `false` on the server and the first render, then takes the stored value.
 */
export function useStoredFlag(key: string): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(false);
  useEffect(() => {
    try {
      setOn(localStorage.getItem(key) === "1");
    } catch {
      // storage disabled: the flag lives for this page only
    }
  }, [key]);
  const set = useCallback(
    (next: boolean) => {
      setOn(next);
      try {
        localStorage.setItem(key, next ? "1" : "0");
      } catch {
        // as above
      }
    },
    [key],
  );
  return [on, set];
}
