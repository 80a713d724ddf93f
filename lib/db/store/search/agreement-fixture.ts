import { expect } from "vitest";
import { type MatchInput, matches } from "@/lib/conditions/match";
import { type Condition, condition } from "@/lib/conditions/schema";

/**
 * The rows and condition generator behind the "translation agrees with the matcher" tests, shared
 * by every database kind's (lib/db/store/search/sqlite.test.ts, tests/search-postgres.test.ts):
 * for every generated condition, its negation and conjunctions, the rows a kind's SQL selects must
 * be exactly the matcher's, or, for conditions it returns in `recheck`, a superset the matcher
 * then narrows to exactly its own set.
 */
export type AgreementRow = MatchInput & { id: string; seq: number; receivedAt: Date };
const BODIES: (string | Buffer)[] = [
  JSON.stringify({ type: "paid", n: 42 }),
  JSON.stringify({ type: "failed", n: 42.5 }),
  JSON.stringify({ n: "42", ok: "true" }),
  JSON.stringify({ n: 0, ok: true }),
  JSON.stringify({ ok: false, x: null }),
  JSON.stringify({ items: [{ sku: "A" }, { sku: "B" }] }),
  JSON.stringify([1, 2, { a: "b" }]),
  JSON.stringify({ "x-y": "dash", s: 'say "hi" é' }),
  JSON.stringify({ a: { b: { c: [true, null] } }, big: 1e300, neg: -3 }),
  '"just a string"',
  "42",
  "null",
  '{"type":"paid"',
  "type=paid&n=42",
  "",
  Buffer.from([0x7b, 0xff, 0x22, 0x6e, 0x22, 0x3a, 0x34, 0x32, 0x7d]),
];
const PATHS = ["/", "/a", "/a/", "/a/b", "/a/b/c", "/ab", "/stripe/webhook", "/stripe/refund", "/x[1]", "/v1.0/x", "/a/x/b", "/é", "/a/b/x/y"];
const HEADERS: [string, string][][] = [
  [], [["X-A", "1"]], [["x-a", "one"], ["X-A", "two"]], [["Content-Type", "application/json"]], [["X-B", "' OR 1=1"], ["x-a", "é"]],
  [["Stripe-Signature", "t=1,v1=abc"]],
];
export const METHODS = ["GET", "POST", "PUT", "PURGE"];

/** 160 rows of endpoint "ep", row i received at 2025-01-01 00:i UTC. */
export const agreementRows: AgreementRow[] = Array.from({ length: 160 }, (_, i) => {
  const body = BODIES[i % BODIES.length];
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return {
    id: `r${i}`, seq: i + 1, method: METHODS[(i * 7) % METHODS.length], path: PATHS[(i * 5) % PATHS.length],
    headers: HEADERS[(i * 3) % HEADERS.length], body: new Uint8Array(bytes), contentType: null, receivedAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
  };
});


export type SqlSearch = (conditions: Condition[], filters?: object) => Promise<{ ids: string[]; recheck: Condition[] }>;

export const jsIds = (conditions: Condition[], from: AgreementRow[] = agreementRows) => from.filter((r) => matches(conditions, r)).map((r) => r.id).sort();

/** SQL and matcher agree on this conjunction; returns whether SQL needed the matcher's help. */
async function expectAgreement(sqlIds: SqlSearch, conditions: Condition[]): Promise<boolean> {
  const { ids, recheck } = await sqlIds(conditions);
  const expected = jsIds(conditions);
  const label = JSON.stringify(conditions);
  if (recheck.length === 0) expect(ids, label).toEqual(expected);
  else {
    expect(ids, label).toEqual(expect.arrayContaining(expected)); // a superset
    const candidates = agreementRows.filter((r) => ids.includes(r.id));
    expect(jsIds(recheck, candidates), label).toEqual(expected);
  }
  return recheck.length > 0;
}

/** Agreement on 1,500 generated conditions and their negations; returns how many SQL needed the matcher for. */
export async function expectAgreementOnGeneratedConditions(search: SqlSearch): Promise<number> {
  const { one } = generator(7);
  let rechecked = 0;
  for (let i = 0; i < 1500; i++) {
    const c = one();
    if (await expectAgreement(search, [c])) rechecked++;
    await expectAgreement(search, [{ ...c, not: !c.not }]);
  }
  return rechecked;
}

/** Agreement on 500 generated conjunctions of two to four conditions. */
export async function expectAgreementOnGeneratedConjunctions(search: SqlSearch): Promise<void> {
  const { one, rnd } = generator(11);
  for (let i = 0; i < 500; i++) await expectAgreement(search, Array.from({ length: 2 + rnd(3) }, one));
}

export function generator(seed: number) {
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
  const GLOBS = ["/a", "/a/*", "/a/**", "/**", "/**/b", "/a/**/b", "/*", "/*/*", "/a?", "/x[1]", "/stripe/*", "/stripe*", "/v1.?/x", "/a**b", "/**/x/**", "/?", "/*/b/**"];
  const JSON_PATHS = ["type", "n", "ok", "x", "items[0].sku", "items[1].sku", "[2].a", "[0]", "x-y", "s", "a.b.c[0]", "a.b.c[1]", "big", "neg", "missing"];
  const SCALARS = ["paid", "failed", "42", 42, 42.5, 0, true, false, null, "A", "B", "b", "dash", 'say "hi" é', 1, "true", -3];
  const one = (): Condition => {
    const c: Condition = pick<() => Condition>([
      () => ({ type: "method", in: [pick(METHODS), ...(rnd(2) ? [pick(METHODS)] : [])] }),
      () => ({ type: "path", glob: pick(GLOBS) }),
      () => ({ type: "header", name: pick(["x-a", "X-B", "content-type", "stripe-signature", "x-none"]), op: "exists" }),
      () => ({ type: "header", name: pick(["x-a", "X-A", "x-b"]), op: "equals", value: pick(["1", "one", "two", "é", "' OR 1=1", ""]) }),
      () => ({ type: "header", name: pick(["x-a", "stripe-signature"]), op: "matches", pattern: pick(["^t", "o", "^\\d$", "é"]) }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "exists" }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "equals", value: pick(SCALARS) }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "in", values: [pick(SCALARS), pick(SCALARS)] }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: pick(["gt", "gte", "lt", "lte"] as const), value: pick([0, 42, 42.5, -3, 1e300]) }),
      () => ({ type: "json", path: pick(JSON_PATHS), op: "matches", pattern: pick(["^pa", "d$", "^[AB]$", "\\d", "hi"]) }),
      () => ({ type: "body", op: "contains", value: pick(["paid", "42", '"n"', "é", "'", "type=", "\u00ff"]) }),
    ])();
    return condition.parse(rnd(3) === 0 ? { ...c, not: true } : c);
  };
  return { one, rnd };
}

