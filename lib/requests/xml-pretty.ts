/**
 * Indents XML for reading. A tokenizer, not a parser: it only needs tags to nest, and it never
 * resolves entities or fetches anything (so no XXE), and keeps text, CDATA and comments as sent.
 * Returns null when tags do not balance; the viewer then shows the text as received.
 */
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<\/[^>]+>|<[^>]+>|[^<]+/g;

export function prettyXml(xml: string, indent = "  "): string | null {
  const out: string[] = [];
  const stack: string[] = [];
  let pendingOpen: string | null = null; // an open tag whose line may still take a short text
  const push = (line: string) => out.push(indent.repeat(stack.length) + line);
  const flushOpen = () => {
    if (pendingOpen !== null) {
      push(pendingOpen);
      stack.push(tagName(pendingOpen));
      pendingOpen = null;
    }
  };
  const tokens = xml.match(TOKEN) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startsWith("</")) {
      const name = t.slice(2, -1).trim();
      if (pendingOpen !== null) {
        // <a></a> stays on one line
        if (tagName(pendingOpen) !== name) return null;
        push(pendingOpen + t);
        pendingOpen = null;
        continue;
      }
      if (stack.pop() !== name) return null;
      push(t);
    } else if (t.startsWith("<") && !t.startsWith("<!") && !t.startsWith("<?") && !t.endsWith("/>")) {
      flushOpen();
      pendingOpen = t;
    } else if (!t.startsWith("<")) {
      if (t.trim() === "") continue;
      const close = tokens[i + 1];
      // <a>short text</a> stays on one line
      if (pendingOpen !== null && close?.startsWith("</") && close.slice(2, -1).trim() === tagName(pendingOpen) && !t.includes("\n")) {
        push(pendingOpen + t + close);
        pendingOpen = null;
        i++;
        continue;
      }
      flushOpen();
      push(t.trim());
    } else {
      flushOpen();
      push(t);
    }
  }
  if (pendingOpen !== null || stack.length) return null;
  return out.join("\n");
}

function tagName(open: string): string {
  return /^<\s*([^\s/>]+)/.exec(open)?.[1] ?? "";
}
