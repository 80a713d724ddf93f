import v8 from "node:v8";

// Rule regexes are compiled with V8's linear-time engine (the "l" flag): it cannot backtrack, so no
// pattern a user saves, however pathological (e.g. (a+)+$), can stall the capture path that every
// tenant shares. Patterns it cannot run in linear time (backreferences, lookarounds) are refused
// when the rule is saved. The flag must be on before the first such regex is compiled.
v8.setFlagsFromString("--enable-experimental-regexp-engine");

/** Regexes only ever see this many leading UTF-16 units of a value: with the linear-time engine this
 *  bounds the work per request and condition outright. */
export const REGEX_INPUT_LIMIT = 64 * 1024;

// Compiled patterns are cached by source: the same rules run for every request. Bounded so that a
// stream of distinct patterns (e.g. from explain() previews) cannot grow memory without limit.
const regexCache = new Map<string, RegExp | null>();
export function compileRegex(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, "l");
    } catch {
      re = null;
    }
    if (regexCache.size >= 500) regexCache.clear();
    regexCache.set(source, re);
  }
  return re;
}

export function testBounded(re: RegExp, value: string): boolean {
  return re.test(value.length > REGEX_INPUT_LIMIT ? value.slice(0, REGEX_INPUT_LIMIT) : value);
}

