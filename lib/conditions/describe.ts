import type { Condition } from "./schema";
import { type Scalar, jsonKey } from "./query-text";

const OP_SIGN = { gt: ">", gte: "≥", lt: "<", lte: "≤" } as const;
const show = (v: Scalar) => JSON.stringify(v);

/** A short human label for a condition, e.g. for a filter chip or a rule summary. */
export function describeCondition(c: Condition): string {
  const text = describePositive(c);
  return c.not ? `not ${text}` : text;
}

function describePositive(c: Condition): string {
  switch (c.type) {
    case "method":
      return `method ${c.in.join(" or ")}`;
    case "path":
      return `path ${c.glob}`;
    case "header":
      if (c.op === "exists") return `header ${c.name}`;
      return c.op === "equals" ? `header ${c.name} = ${show(c.value)}` : `header ${c.name} ~ /${c.pattern}/`;
    case "body":
      return `body contains ${show(c.value)}`;
    case "signature":
      return `signature ${c.status}`;
    case "json": {
      const field = jsonKey(c.path);
      switch (c.op) {
        case "exists":
          return `${field} exists`;
        case "equals":
          return `${field} = ${show(c.value)}`;
        case "in":
          return `${field} in ${c.values.map(show).join(", ")}`;
        case "matches":
          return `${field} ~ /${c.pattern}/`;
        default:
          return `${field} ${OP_SIGN[c.op]} ${c.value}`;
      }
    }
  }
}
