import { describe, expect, it } from "vitest";
import { prettyXml } from "./xml-pretty";

describe("prettyXml", () => {
  it("indents nested elements and keeps short text inline", () => {
    const xml = `<?xml version="1.0"?><order id="7"><item sku="a"/><note>Ship &amp; bill</note><lines><line>1</line><line></line></lines><!-- c --></order>`;
    expect(prettyXml(xml)).toBe(
      [
        `<?xml version="1.0"?>`,
        `<order id="7">`,
        `  <item sku="a"/>`,
        `  <note>Ship &amp; bill</note>`,
        `  <lines>`,
        `    <line>1</line>`,
        `    <line></line>`,
        `  </lines>`,
        `  <!-- c -->`,
        `</order>`,
      ].join("\n"),
    );
  });

  it("keeps CDATA as sent and drops whitespace-only text between tags", () => {
    expect(prettyXml("<a>\n  <b><![CDATA[<x> & y]]></b>\n</a>")).toBe("<a>\n  <b>\n    <![CDATA[<x> & y]]>\n  </b>\n</a>");
  });

  it("is null for unbalanced tags", () => {
    expect(prettyXml("<a><b></a>")).toBeNull();
    expect(prettyXml("<a>")).toBeNull();
  });
});
