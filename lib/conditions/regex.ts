// Rule regexes are compiled with V8's linear-time engine (the "l" flag): it cannot backtrack, so no
// pattern a user saves, however pathological (e.g. (a+)+$), can stall the capture path that every
// tenant shares. Patterns it cannot run in linear time (backreferences, lookarounds) are refused
// when the rule is saved. The flag must be on before the first such regex is compiled.
// It is switched on through process.getBuiltinModule (Node >= 20.16) rather than an import of
// node:v8, so that this module, the condition schema and the query parser also load in a browser.
const v8 = typeof process === "object" ? process.getBuiltinModule?.("node:v8") : undefined;
v8?.setFlagsFromString("--enable-experimental-regexp-engine");

const LINEAR_ENGINE = (() => {
  try {
    new RegExp("", "l");
    return true;
  } catch {
    return false;
  }
})();

/** Regexes only ever see this many leading UTF-16 units of a value: with the linear-time engine this
 *  bounds the work per request and condition outright. */
export const REGEX_INPUT_LIMIT = 64 * 1024;

// Browsers have no linear-time engine. There the check approximates its refusals (backreferences,
// lookarounds) so the search bar can flag them while typing; the server's check is authoritative.
const NOT_LINEAR = /\\[1-9]|\\k<|\(\?<?[=!]/;

/** What a browser compiles (exported for its test: Node always has the linear engine here). */
export function compileWithoutLinearEngine(source: string): RegExp {
  if (NOT_LINEAR.test(source)) throw new SyntaxError("needs backtracking");
  return new RegExp(source);
}

const compile = (source: string) => (LINEAR_ENGINE ? new RegExp(source, "l") : compileWithoutLinearEngine(source));

// Compiled patterns are cached by source: the same rules run for every request. Bounded so that a
// stream of distinct patterns (e.g. from explain() previews) cannot grow memory without limit.
const regexCache = new Map<string, RegExp | null>();
export function compileRegex(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re === undefined) {
    try {
      re = compile(source);
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
