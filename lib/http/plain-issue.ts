import type { z } from "zod";

const TYPE_WORDS: Record<string, string> = {
  number: "a number", int: "a whole number", string: "text", boolean: "true or false", array: "a list", object: "an object",
  bigint: "a whole number", date: "a date", null: "null",
};

const list = (values: readonly unknown[]) => values.map((v) => String(v)).join(", ");

/**
 * A zod issue as a plain phrase that reads after the field's name ("status" + "must be a number"),
 * instead of zod's defaults ("Invalid input: expected number, received null", "Invalid
 * discriminator value"). Messages written in our schemas are already plain and are kept.
 */
export function plainIssue(issue: z.core.$ZodIssue): string {
  const own = !/^(Invalid|Too (big|small))\b/.test(issue.message);
  if (own) return issue.message;
  switch (issue.code) {
    case "invalid_type": {
      if (/received undefined$/.test(issue.message)) return "is required";
      const received = /received (\w+)$/.exec(issue.message)?.[1];
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      return received === "number" && issue.expected === "int" ? "must be a whole number" : `must be ${expected}`;
    }
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const bound = Number(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
      const inclusive = issue.inclusive !== false;
      if (issue.origin === "string") return small ? (bound <= 1 ? "is required" : `must be at least ${bound} characters`) : `must be at most ${bound} characters`;
      if (issue.origin === "array" || issue.origin === "set") return small ? `must have at least ${bound} item${bound === 1 ? "" : "s"}` : `must have at most ${bound} items`;
      if (small) return inclusive ? `must be at least ${bound}` : `must be greater than ${bound}`;
      return inclusive ? `must be at most ${bound}` : `must be less than ${bound}`;
    }
    case "invalid_union": {
      const options = (issue as { options?: readonly unknown[] }).options;
      return options?.length ? `must be one of: ${list(options)}` : "is not in a form that is accepted here";
    }
    case "invalid_value":
      return `must be one of: ${list(issue.values)}`;
    case "invalid_format":
      return issue.format === "email" ? "must be a valid email address" : issue.format === "url" ? "must be a valid URL" : `must be a valid ${issue.format}`;
    case "unrecognized_keys":
      return `has unknown field${issue.keys.length === 1 ? "" : "s"}: ${list(issue.keys)}`;
    default:
      return "is not valid";
  }
}
