import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SharedReport } from "@/components/compare/shared-report";
import { HttpError } from "@/lib/http/errors";
import { sharedExperiment } from "@/lib/experiments/store";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Polling vs webhooks: experiment report", referrer: "no-referrer", robots: { index: false } };

// A report shared by its owner: read-only, for anyone with the link, until the owner revokes it.
export default async function SharedReportPage({ params }: { params: Promise<{ token: string }> }) {
  const experiment = await sharedExperiment((await params).token).catch((err: unknown) => {
    if (err instanceof HttpError && err.code === "not_found") notFound();
    throw err;
  });
  return <SharedReport experiment={experiment} />;
}
