import { TermError } from "./query-text";

/**
 * Search-only filters: query keys that rules do not have, because they describe a stored request
 * rather than what arrives (when it arrived; later: its signature check, duplicates, deliveries).
 *
 * To add one (e.g. `sig:valid`): add an entry here (parse/format/label and its help), then its SQL
 * clause in lib/db/store/search/where.ts (shared by both database kinds). Nothing else changes: the parser, formatter, chips,
 * help popover and the API's `q` all go through this table.
 */
type FilterDef<V> = {
  /** The value after `key:` (already unquoted) -> the filter's value; throws TermError when invalid. */
  parse(raw: string): V;
  /** The value as text that parse() reads back to the same value. */
  format(value: V): string;
  /** Short text for a chip. */
  label(value: V): string;
  help: { syntax: string; meaning: string; examples: string[] };
};

const RELATIVE = /^(\d{1,6})([smhdw])$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
// A date (UTC midnight) or a date-time with Z or an offset: a time without an offset would mean
// different instants in the browser and on the server.
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** A point in time as written: relative to now (`90m`, `1h`, `2d`, `1w`) or absolute (ISO 8601). */
export type TimeValue = string;

/** The instant a time value stands for, relative values counted back from `now`. */
export function resolveTime(value: TimeValue, now: Date): Date {
  const rel = RELATIVE.exec(value);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS]);
  return new Date(value);
}

function parseTime(raw: string): TimeValue {
  if (RELATIVE.test(raw)) return raw;
  if (ISO.test(raw) && !Number.isNaN(Date.parse(raw))) return raw;
  throw new TermError(`expected a time such as 1h, 30m, 2d, 2025-06-01 or 2025-06-01T12:00:00Z, not ${raw}`);
}

const timeFilter = (word: string, help: FilterDef<TimeValue>["help"]): FilterDef<TimeValue> => ({
  parse: parseTime,
  format: (v) => v,
  label: (v) => `received ${word} ${RELATIVE.test(v) ? `${v} ago` : v}`,
  help,
});

export const FILTERS = {
  after: timeFilter("after", {
    syntax: "after:<time>",
    meaning: "received at or after a time: relative (s, m, h, d, w ago) or ISO 8601 (a date alone is UTC midnight)",
    examples: ["after:1h", "after:2025-06-01", "after:2025-06-01T12:00:00+02:00"],
  }),
  before: timeFilter("before", {
    syntax: "before:<time>",
    meaning: "received strictly before a time (with after: the half-open range [after, before))",
    examples: ["before:30m", "after:2025-06-01 before:2025-06-02"],
  }),
  is: {
    parse(raw: string): "duplicate" {
      if (raw !== "duplicate") throw new TermError(`is: only is:duplicate exists, not is:${raw}`);
      return raw;
    },
    format: (v: "duplicate") => v,
    label: () => "duplicates",
    help: {
      syntax: "is:duplicate",
      meaning: "a repeat of a provider delivery already received on this endpoint (same webhook-id, X-GitHub-Delivery, Stripe event id, ...)",
      examples: ["is:duplicate"],
    },
  } satisfies FilterDef<"duplicate">,
};

export type FilterKey = keyof typeof FILTERS;

export type FilterValue<K extends FilterKey> = ReturnType<(typeof FILTERS)[K]["parse"]>;
/** The search-only filters of a query, each key at most once. */
export type SearchFilters = { [K in FilterKey]?: FilterValue<K> };

export const isFilterKey = (key: string): key is FilterKey => Object.hasOwn(FILTERS, key);
export const filterKeys = () => Object.keys(FILTERS) as FilterKey[];
/** The definition with its value type erased, so callers need no change when a filter of another type is added. */
export const filterDef = (key: FilterKey) => FILTERS[key] as FilterDef<unknown>;
