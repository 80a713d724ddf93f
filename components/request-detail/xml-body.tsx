"use client";

import { useMemo, useState } from "react";
import { prettyXml } from "@/lib/requests/xml-pretty";
import { Segmented } from "./segmented";
import { TextBody } from "./text-body";

/** XML indented for reading, or as received. */
export function XmlBody({ text }: { text: string }) {
  const pretty = useMemo(() => prettyXml(text), [text]);
  const [mode, setMode] = useState<"pretty" | "raw">(pretty === null ? "raw" : "pretty");
  return (
    <div className="space-y-2" data-testid="xml-body">
      {pretty !== null && <Segmented label="XML view" value={mode} options={[["pretty", "Pretty"], ["raw", "As received"]]} onChange={setMode} />}
      <TextBody text={mode === "pretty" && pretty !== null ? pretty : text} kind="xml" />
    </div>
  );
}
