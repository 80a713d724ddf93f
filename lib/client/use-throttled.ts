import { useEffect, useRef, useState } from "react";

/**
 * `value`, changing at most once every `ms`: a change after a quiet spell shows at once, changes
 * in a burst show as the newest one when the spell ends (leading and trailing).
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    const show = () => {
      last.current = Date.now();
      setShown(value);
    };
    if (wait <= 0) return show();
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
