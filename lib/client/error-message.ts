import { ApiError } from "./api";

/** Field paths (as the API names them) -> the label the form shows, e.g. {"response.status": "Status"}. */
export type FieldLabels = Record<string, string>;

/**
 * What to tell a person about a failed call, in plain words. The API's validation messages are
 * "<field>: <plain phrase>" (lib/http/plain-issue.ts); the field is replaced by the form's label.
 */
export function errorMessage(err: unknown, labels: FieldLabels = {}): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return "The server could not be reached. Check that it is running and try again.";
    if (err.status === 401) return "Your session has ended. Sign in again to continue.";
    if (err.status >= 500) return "Something went wrong on the server. Try again in a moment.";
    if (err.field && err.message.startsWith(`${err.field}: `)) {
      const phrase = err.message.slice(err.field.length + 2);
      const label = labels[err.field] ?? labelFromPath(err.field);
      return `${label} ${phrase}`;
    }
    return err.message;
  }
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong.";
}

/** "conditions.0.pattern" -> "Condition 1 pattern", "headers.add.2.1" -> "Add headers 3 value". */
function labelFromPath(path: string): string {
  const words = path.split(".").map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()));
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The field an error is about, when the API named one. */
export function errorField(err: unknown): string | undefined {
  return err instanceof ApiError ? err.field : undefined;
}
