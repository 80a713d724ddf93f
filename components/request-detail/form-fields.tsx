import { parseUrlEncoded } from "@/lib/requests/original-url";
import { PairsTable } from "./pairs-table";

/** Decoded x-www-form-urlencoded fields, in order with duplicates kept (repeats are meaningful to many senders). */
export function FormFields({ text }: { text: string }) {
  const fields = parseUrlEncoded(text);
  return (
    <div data-testid="form-fields">
      {fields.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">No fields</p> : <PairsTable pairs={fields} nameLabel="Field" />}
    </div>
  );
}
