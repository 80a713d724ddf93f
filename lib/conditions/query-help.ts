import { FILTERS, filterKeys } from "./filters";

/**
 * The query language's documentation, in one place: the search bar's syntax popover and the rule
 * builder render this table (every example is checked by query-help.test.ts to parse cleanly).
 */
export type SyntaxEntry = {
  key: string;
  operators: { syntax: string; meaning: string }[];
  examples: string[];
};

const CONDITIONS: SyntaxEntry[] = [
  {
    key: "text",
    operators: [
      { syntax: "word", meaning: "the body contains the word (exact bytes, case-sensitive)" },
      { syntax: '"a phrase"', meaning: "the body contains the phrase, spaces included" },
    ],
    examples: ["evt_1", '"payment failed"'],
  },
  {
    key: "method",
    operators: [
      { syntax: "method:POST", meaning: "the method is POST" },
      { syntax: "method:POST,PUT", meaning: "the method is one of these" },
    ],
    examples: ["method:POST", "method:PUT,PATCH"],
  },
  {
    key: "path",
    operators: [
      { syntax: "path:<glob>", meaning: "the sub-path after /h/<slug> matches: * any run within one segment, ** any run across segments (/a/** also matches /a), ? one character" },
    ],
    examples: ["path:/stripe/*", "path:/stripe/**", "path:/v?/events"],
  },
  {
    key: "header",
    operators: [
      { syntax: "header:<name>", meaning: "the header is present (names are case-insensitive)" },
      { syntax: "header:<name>=<value>", meaning: "a header of that name has exactly this value" },
      { syntax: "header:<name>~<regex>", meaning: "a header of that name matches the regular expression" },
    ],
    examples: ["header:stripe-signature", 'header:user-agent="Stripe/1.0 (+https://stripe.com)"', "header:x-github-event~^(push|release)$"],
  },
  {
    key: "body.<field>",
    operators: [
      { syntax: "body.<field>:<value>", meaning: 'the JSON field equals a string ("quoted" or a bare word), number, true, false or null' },
      { syntax: "body.<field>:>n  :>=n  :<n  :<=n", meaning: "the JSON field is a number compared with n" },
      { syntax: "body.<field>:*", meaning: "the JSON field exists (null included)" },
      { syntax: "body.<field>:~<regex>", meaning: "the JSON field is a string matching the regular expression" },
      { syntax: "body.<field>:(a|b|c)", meaning: "the JSON field equals one of the values" },
    ],
    examples: ["body.type:invoice.paid", "body.data.object.amount:>4000", "body.items[0].sku:*", "body.id:~^evt_", "body.status:(paid|refunded)", 'body.livemode:true'],
  },
  {
    key: "body",
    operators: [{ syntax: "body:<text>", meaning: "the body contains the text (the same as free text)" }],
    examples: ["body:refund", 'body:"charge failed"'],
  },
  {
    key: "sig",
    operators: [
      { syntax: "sig:<status>", meaning: "the provider-signature check at capture concluded valid, invalid, expired (timestamp out of tolerance), missing (no signature header) or none (no verification set up)" },
    ],
    examples: ["sig:valid", "-sig:valid", "sig:expired"],
  },
];

const SYNTAX: SyntaxEntry[] = [
  ...CONDITIONS,
  ...filterKeys().map((key) => {
    const { syntax, meaning, examples } = FILTERS[key].help;
    return { key, operators: [{ syntax, meaning }], examples };
  }),
  {
    key: "-",
    operators: [{ syntax: "-<term>", meaning: "the opposite of the term (not for filters such as after:); a negated body.<field> term also matches when the field is missing" }],
    examples: ["-method:GET", "-header:x-test", "-body.livemode:true"],
  },
  {
    key: '"..."',
    operators: [{ syntax: '"..."', meaning: 'quotes a value with spaces or quotes; inside quotes \\" is a quote and \\\\ a backslash' }],
    examples: ['path:"/a b/*"', 'body.note:"say \\"hi\\""'],
  },
];

/** Every key and operator of the query language with examples, in the order to show them. */
export function describeQuerySyntax(): readonly SyntaxEntry[] {
  return SYNTAX;
}
