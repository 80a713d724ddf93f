import type { RequestDetailDto } from "@/lib/requests/present";
import { toRawHttp } from "@/lib/requests/raw-http";

export function RawTab({ detail, endpointUrl }: { detail: RequestDetailDto; endpointUrl: string }) {
  return (
    <pre
      data-testid="raw-http"
      className="max-h-[70vh] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs break-all whitespace-pre-wrap dark:bg-zinc-900"
    >
      {toRawHttp(detail, endpointUrl)}
    </pre>
  );
}
