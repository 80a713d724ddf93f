import { parseQuery } from "@/lib/conditions/query";
import { bareOrQuoted, formatScalar, jsonKey } from "@/lib/conditions/query-text";
import type { Condition } from "@/lib/conditions/schema";
import { DEFAULT_SCHEDULE_MS, nextDelayMs, type RetryPolicy } from "@/lib/forwarding/retry-policy";
import type { RuleDto } from "@/lib/forwarding/rules";

/**
 * The rule builder's editable state and its translation to the API. A condition row is written as
 * one term of the search bar's query language and read back with the same parser, so a rule
 * condition and a search term can never mean two different things.
 */
export type ConditionField = "method" | "path" | "header" | "json" | "body" | "signature";
export type ConditionOp = "in" | "glob" | "exists" | "equals" | "matches" | "gt" | "gte" | "lt" | "lte" | "contains" | "is";
export type ConditionRow = { id: number; field: ConditionField; name: string; op: ConditionOp; value: string; not: boolean };

export const FIELD_LABELS: Record<ConditionField, string> = {
  method: "Method", path: "Path", header: "Header", json: "JSON field", body: "Body text", signature: "Signature",
};

export const OPERATORS: Record<ConditionField, [ConditionOp, string][]> = {
  method: [["in", "is one of"]],
  path: [["glob", "matches"]],
  header: [["exists", "is present"], ["equals", "equals"], ["matches", "matches regex"]],
  json: [["equals", "equals"], ["gt", ">"], ["gte", "≥"], ["lt", "<"], ["lte", "≤"], ["exists", "exists"], ["matches", "matches regex"], ["in", "is one of"]],
  body: [["contains", "contains"]],
  signature: [["is", "is"]],
};

/** What the value box expects, as its placeholder. */
export const VALUE_HINTS: Partial<Record<`${ConditionField}:${ConditionOp}`, string>> = {
  "method:in": "POST,PUT",
  "path:glob": "/stripe/*",
  "header:equals": "value",
  "header:matches": "^sha256=",
  "json:equals": "invoice.paid, 42, true or \"quoted\"",
  "json:gt": "4000",
  "json:gte": "4000",
  "json:lt": "4000",
  "json:lte": "4000",
  "json:matches": "^evt_",
  "json:in": "paid|refunded",
  "body:contains": "text",
};

export const needsName = (field: ConditionField) => field === "header" || field === "json";
export const needsValue = (row: Pick<ConditionRow, "op">) => row.op !== "exists";

let nextId = 1;
export const newRow = (field: ConditionField = "method"): ConditionRow => ({ id: nextId++, field, name: "", op: OPERATORS[field][0][0], value: "", not: false });

/** The row as one query-language term (what the row means, in the search bar's words). */
export function rowToTerm(row: ConditionRow): string {
  const neg = row.not ? "-" : "";
  const v = row.value.trim();
  switch (row.field) {
    case "method":
      return `${neg}method:${v.replace(/\s+/g, "")}`;
    case "path":
      return `${neg}path:${bareOrQuoted(v)}`;
    case "body":
      return `${neg}body:${bareOrQuoted(row.value)}`;
    case "signature":
      return `${neg}sig:${v}`;
    case "header": {
      const name = row.name.trim();
      if (row.op === "exists") return `${neg}header:${name}`;
      return `${neg}header:${name}${row.op === "equals" ? "=" : "~"}${bareOrQuoted(row.value)}`;
    }
    case "json": {
      const key = jsonKey(row.name.trim().replace(/^body\.?/, ""));
      const sign = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[row.op as "gt"];
      if (sign) return `${neg}${key}:${sign}${v}`;
      if (row.op === "exists") return `${neg}${key}:*`;
      if (row.op === "matches") return `${neg}${key}:~${bareOrQuoted(row.value)}`;
      if (row.op === "in") return `${neg}${key}:(${v.replace(/\s*[,|]\s*/g, "|")})`;
      // A typed value with spaces is a string; otherwise it reads as a query scalar (42, true, "42").
      return `${neg}${key}:${/^".*"$/.test(v) || !/\s/.test(v) ? v : bareOrQuoted(v)}`;
    }
  }
}

/** The row's condition, or what is wrong with it (the query parser's message). */
export function rowToCondition(row: ConditionRow): { condition: Condition } | { error: string } {
  if (needsName(row.field) && !row.name.trim()) return { error: row.field === "header" ? "Name the header" : "Name the JSON field, e.g. data.object.amount" };
  if (needsValue(row) && row.field !== "body" && !row.value.trim()) return { error: "Enter a value" };
  const parsed = parseQuery(rowToTerm(row));
  if (parsed.errors.length) return { error: parsed.errors[0].message };
  if (parsed.conditions.length !== 1) return { error: "Enter a single value" };
  return { condition: parsed.conditions[0] };
}

export function conditionToRow(c: Condition): ConditionRow {
  const base = { id: nextId++, not: Boolean(c.not), name: "", value: "" };
  switch (c.type) {
    case "method":
      return { ...base, field: "method", op: "in", value: c.in.join(",") };
    case "path":
      return { ...base, field: "path", op: "glob", value: c.glob };
    case "body":
      return { ...base, field: "body", op: "contains", value: c.value };
    case "signature":
      return { ...base, field: "signature", op: "is", value: c.status };
    case "header":
      return { ...base, field: "header", name: c.name, op: c.op, value: c.op === "equals" ? c.value : c.op === "matches" ? c.pattern : "" };
    case "json": {
      const value =
        c.op === "exists" ? "" : c.op === "matches" ? c.pattern : c.op === "in" ? c.values.map((v) => formatScalar(v, true)).join("|") : c.op === "equals" ? formatScalar(c.value) : String(c.value);
      return { ...base, field: "json", name: c.path, op: c.op, value };
    }
  }
}

/** Conditions from a whole query (e.g. the inbox's current search), as rows; filters such as after: have no rule form. */
export function rowsFromQuery(q: string): { rows: ConditionRow[]; error: string | null } {
  const parsed = parseQuery(q);
  const skipped = Object.keys(parsed.filters);
  const error = parsed.errors[0]?.message ?? (skipped.length ? `${skipped.join(", ")}: only for searching, not for rules` : null);
  return { rows: parsed.conditions.map(conditionToRow), error };
}

// ---------- retry policy ----------

export const RETRY_PRESETS: { id: string; label: string; policy: RetryPolicy | null }[] = [
  { id: "standard", label: "Standard: 8 tries over about 28 hours", policy: null },
  { id: "quick", label: "Quick: 5 retries, 10 s apart", policy: { count: 5, backoff: "fixed", baseMs: 10_000 } },
  { id: "backoff", label: "Backoff: 10 retries from 30 s, doubling, at most 1 h apart", policy: { count: 10, backoff: "exponential", baseMs: 30_000, capMs: 3_600_000 } },
  { id: "none", label: "No retries", policy: { count: 0, backoff: "fixed", baseMs: 1000 } },
];

const samePolicy = (a: RetryPolicy | null, b: RetryPolicy | null) => JSON.stringify(a) === JSON.stringify(b);

export function presetOf(policy: RetryPolicy | null): string {
  return RETRY_PRESETS.find((p) => samePolicy(p.policy, policy))?.id ?? "custom";
}

/** "10 s", "5 min", "2 h", "1.5 d". */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const units: [number, string][] = [[86_400_000, "d"], [3_600_000, "h"], [60_000, "min"], [1000, "s"]];
  const [size, unit] = units.find(([u]) => ms >= u)!;
  const n = ms / size;
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${unit}`;
}

/** When each try happens, as waits after the previous one: "now, then 5 s, 5 min, …" (without jitter). */
export function describeSchedule(policy: RetryPolicy | null): string {
  const waits: number[] = [];
  const tries = policy === null ? DEFAULT_SCHEDULE_MS.length : policy.count + 1;
  for (let attempt = 1; attempt < tries; attempt++) waits.push(nextDelayMs(attempt, policy ?? undefined, () => 0.5)!);
  if (waits.length === 0) return "One try, no retries";
  return `First try at once, then retries after ${waits.map(formatDelay).join(", ")}`;
}

// ---------- the whole rule ----------

export type CustomRetry = { count: string; backoff: RetryPolicy["backoff"]; baseSeconds: string; capSeconds: string };

export type RuleDraft = {
  name: string;
  targetUrl: string;
  enabled: boolean;
  rows: ConditionRow[];
  addHeaders: [string, string][];
  removeHeaders: string;
  timeoutSeconds: string;
  retryPreset: string;
  custom: CustomRetry;
};

export function draftFromRule(rule?: RuleDto): RuleDraft {
  const retry = rule?.retry ?? null;
  return {
    name: rule?.name ?? "",
    targetUrl: rule?.targetUrl ?? "",
    enabled: rule?.enabled ?? true,
    rows: rule ? rule.conditions.map(conditionToRow) : [],
    addHeaders: rule?.headers.add ?? [],
    removeHeaders: rule?.headers.remove.join(", ") ?? "",
    timeoutSeconds: String((rule?.timeoutMs ?? 15_000) / 1000),
    retryPreset: presetOf(retry),
    custom: retry
      ? { count: String(retry.count), backoff: retry.backoff, baseSeconds: String(retry.baseMs / 1000), capSeconds: retry.capMs ? String(retry.capMs / 1000) : "" }
      : { count: "5", backoff: "exponential", baseSeconds: "30", capSeconds: "3600" },
  };
}

const seconds = (s: string) => (s.trim() === "" ? null : Math.round(Number(s) * 1000));

export function draftRetry(d: RuleDraft): RetryPolicy | null {
  if (d.retryPreset !== "custom") return RETRY_PRESETS.find((p) => p.id === d.retryPreset)?.policy ?? null;
  const cap = seconds(d.custom.capSeconds);
  return { count: Number(d.custom.count), backoff: d.custom.backoff, baseMs: seconds(d.custom.baseSeconds) ?? 0, ...(cap === null ? {} : { capMs: cap }) };
}

/** The API body for the draft, or the rows' errors (index-aligned; null where a row is fine). */
export function draftToBody(d: RuleDraft): { body: Record<string, unknown> | null; rowErrors: (string | null)[] } {
  const results = d.rows.map(rowToCondition);
  const rowErrors = results.map((r) => ("error" in r ? r.error : null));
  if (rowErrors.some(Boolean)) return { body: null, rowErrors };
  return {
    rowErrors,
    body: {
      name: d.name,
      targetUrl: d.targetUrl.trim(),
      enabled: d.enabled,
      conditions: results.map((r) => ("condition" in r ? r.condition : null)),
      headers: {
        add: d.addHeaders.filter(([n, v]) => n.trim() || v.trim()).map(([n, v]) => [n.trim(), v]),
        remove: d.removeHeaders.split(",").map((h) => h.trim()).filter(Boolean),
      },
      timeoutMs: seconds(d.timeoutSeconds),
      retry: draftRetry(d),
    },
  };
}
