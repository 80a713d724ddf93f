import { getPrisma } from "@/lib/db/client";
import { kickDeliveries } from "@/lib/forwarding/kick";
import { setReplayKicker } from "./kick";
import { BulkReplayRunner } from "./runner";

/** The bulk-replay runner of this process; its start() resumes running jobs where they stopped. */
export function createBulkReplays(): BulkReplayRunner {
  const runner = new BulkReplayRunner({ prisma: getPrisma(), kickDeliveries });
  setReplayKicker((jobId) => runner.kick(jobId));
  return runner;
}
