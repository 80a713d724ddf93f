/**
 * Glob tokens. A glob is matched by dynamic programming rather than by translating it to a
 * RegExp: every character other than the wildcards is literal by construction (no escaping to get
 * wrong), and several `*` can never backtrack into O(n^k) work - matching is O(glob x path).
 *   `?`  one character other than "/"          `*` any run within one segment
 *   `**` inside a segment: any run, "/" included
 *   `/**` as a whole segment: zero or more segments, so `/a/**` matches /a, /a/ and /a/b/c,
 *        and `/**` + `/x` matches /x and /a/b/x.
 */
type Tok =
  | { k: "lit"; c: string }
  | { k: "one" } // ?
  | { k: "star" } // [^/]*
  | { k: "any" } // .*
  | { k: "segs" } // ([^/]*/)*   from "/**/": the leading "/" is a lit, the trailing one is absorbed
  | { k: "tail" }; // (/.*)?     from a final "/**": the leading "/" is absorbed

const globCache = new Map<string, Tok[]>();
function compileGlob(glob: string): Tok[] {
  let toks = globCache.get(glob);
  if (toks) return toks;
  toks = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "?") toks.push({ k: "one" });
    else if (ch !== "*") toks.push({ k: "lit", c: ch });
    else {
      let j = i;
      while (glob[j + 1] === "*") j++;
      const run = j - i + 1;
      const wholeSegment = glob[i - 1] === "/" && (j + 1 === glob.length || glob[j + 1] === "/");
      if (run === 1) toks.push({ k: "star" });
      else if (!wholeSegment) toks.push({ k: "any" });
      else if (j + 1 === glob.length) {
        toks.pop(); // the "/" before "**"
        toks.push({ k: "tail" });
      } else {
        toks.push({ k: "segs" });
        j++; // the "/" after "**"
      }
      i = j;
    }
  }
  if (globCache.size >= 500) globCache.clear();
  globCache.set(glob, toks);
  return toks;
}

export function globMatch(glob: string, path: string): boolean {
  if (!/[*?]/.test(glob)) return glob === path; // the common literal case needs no table
  const toks = compileGlob(glob);
  const n = path.length;
  // next[i] = row for tokens[t+1..]; cur[p] = tokens[t..] match path[p..]. Filled from the end.
  let next = new Uint8Array(n + 1);
  next[n] = 1;
  const nextSlash = new Int32Array(n + 1).fill(-1);
  for (let p = n - 1; p >= 0; p--) nextSlash[p] = path[p] === "/" ? p : nextSlash[p + 1];
  for (let t = toks.length - 1; t >= 0; t--) {
    const tok = toks[t];
    const cur = new Uint8Array(n + 1);
    for (let p = n; p >= 0; p--) {
      const more = p < n;
      switch (tok.k) {
        case "lit":
          cur[p] = more && path[p] === tok.c ? next[p + 1] : 0;
          break;
        case "one":
          cur[p] = more && path[p] !== "/" ? next[p + 1] : 0;
          break;
        case "star":
          cur[p] = next[p] || (more && path[p] !== "/" ? cur[p + 1] : 0);
          break;
        case "any":
          cur[p] = next[p] || (more ? cur[p + 1] : 0);
          break;
        case "segs": {
          const s = nextSlash[p];
          cur[p] = next[p] || (s !== -1 ? cur[s + 1] : 0);
          break;
        }
        case "tail":
          // Only ever the last token: the rest of the path is either empty or a "/..." subtree.
          cur[p] = p === n || path[p] === "/" ? 1 : 0;
          break;
      }
    }
    next = cur;
  }
  return next[0] === 1;
}
