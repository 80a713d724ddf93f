-- Deliveries being sent carry a lease (who, until when) so several instances can share the queue
-- and one that dies mid-attempt hands its work over when the lease expires.
ALTER TABLE "Delivery" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Delivery" ADD COLUMN "leaseUntil" DATETIME;

-- What an older version left "delivering" (it requeued everything at start) is free to take now.
UPDATE "Delivery" SET "leaseUntil" = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') WHERE "state" = 'delivering';
