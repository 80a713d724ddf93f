import { HttpError } from "@/lib/http/errors";
import { eventsCsv, reportCsv } from "./export";
import { getExperiment } from "./store";

/** A saved experiment as a file to download. */
export async function experimentDownload(userId: string, endpointId: string, id: string, format: "json" | "csv", rows: "clients" | "events") {
  const { report, samples, ...experiment } = await getExperiment(userId, endpointId, id);
  if (!report) throw new HttpError("conflict", "This experiment has no report yet");
  const name = `experiment-${id.slice(0, 8)}`;
  if (format === "json") {
    return { body: JSON.stringify({ experiment, report, samples }, null, 2), contentType: "application/json; charset=utf-8", filename: `${name}.json` };
  }
  const body = rows === "events" && samples ? eventsCsv(report, samples) : reportCsv(report);
  return { body, contentType: "text/csv; charset=utf-8", filename: `${name}${rows === "events" ? "-events" : ""}.csv` };
}
