import { describe, expect, it } from "vitest";
import { providerDeliveryId } from "./delivery-id";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const none = Buffer.alloc(0);

describe("providerDeliveryId", () => {
  it("reads the delivery-id headers of each provider, in any case", () => {
    expect(providerDeliveryId([["Webhook-Id", "msg_1"]], none)).toEqual({ source: "webhook-id", id: "msg_1" });
    expect(providerDeliveryId([["svix-id", "msg_2"]], none)).toEqual({ source: "svix-id", id: "msg_2" });
    expect(providerDeliveryId([["x-github-delivery", "72d3162e-cc78"]], none)).toEqual({ source: "X-GitHub-Delivery", id: "72d3162e-cc78" });
    expect(providerDeliveryId([["X-Shopify-Webhook-Id", "b54557e4"]], none)).toEqual({ source: "X-Shopify-Webhook-Id", id: "b54557e4" });
    expect(providerDeliveryId([["Idempotency-Key", "k-1"]], none)).toEqual({ source: "Idempotency-Key", id: "k-1" });
  });

  it("takes a Stripe event id from the top of the body only when a Stripe-Signature is present", () => {
    const event = json({ id: "evt_1NG8Du2eZvKYlo2C", object: "event", data: { object: { id: "pi_1" } } });
    expect(providerDeliveryId([["Stripe-Signature", "t=1,v1=x"]], event)).toEqual({ source: "stripe-event", id: "evt_1NG8Du2eZvKYlo2C" });
    expect(providerDeliveryId([], event)).toBeNull();
    expect(providerDeliveryId([["Stripe-Signature", "t=1"]], json({ data: { id: "evt_nested" } }))).toBeNull();
    expect(providerDeliveryId([["Stripe-Signature", "t=1"]], json({ id: "pi_not_an_event" }))).toBeNull();
  });

  it("takes a Slack Events API event_id, and nothing from other Slack payloads", () => {
    const headers: [string, string][] = [["X-Slack-Signature", "v0=ab"], ["X-Slack-Request-Timestamp", "1"]];
    expect(providerDeliveryId(headers, json({ type: "event_callback", event_id: "Ev08MFMKH6" }))).toEqual({ source: "slack-event", id: "Ev08MFMKH6" });
    expect(providerDeliveryId(headers, Buffer.from("command=/weather&text=94070"))).toBeNull();
  });

  it("ignores X-Request-Id, empty and oversized values, and does not throw on binary or array bodies", () => {
    expect(providerDeliveryId([["X-Request-Id", "abc"]], none)).toBeNull();
    expect(providerDeliveryId([["webhook-id", ""], ["X-GitHub-Delivery", "g-1"]], none)).toEqual({ source: "X-GitHub-Delivery", id: "g-1" });
    expect(providerDeliveryId([["webhook-id", "x".repeat(201)]], none)).toBeNull();
    expect(providerDeliveryId([["Stripe-Signature", "t=1"]], Buffer.from([0x7b, 0xff, 0xfe, 0x00]))).toBeNull();
    expect(providerDeliveryId([["Stripe-Signature", "t=1"]], json([{ id: "evt_in_array" }]))).toBeNull();
  });
});
