/**
 * Route handlers (Web Requests) cannot see the socket, so server.ts puts the sender's address in
 * this header before Next runs, always overwriting whatever a sender put there itself.
 */
export const CLIENT_IP_HEADER = "x-webhook-inbox-client-ip";

export function clientAddress(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) || "unknown";
}
