import type { Socket } from "node:net";

// How long a connection we refused stays open, still reading, after our answer was sent.
const LINGER_MS = 2000;

/**
 * Closes `socket` after the answer being written on it, the way nginx's lingering_close does.
 *
 * Closing a socket while its sender is still uploading makes our kernel answer the unread data with
 * a TCP reset, and a reset throws away what we had sent but the sender had not yet read: our 413.
 * The test sending 256 MiB to each route lost the answer about 1 time in 30 under CPU load. So we
 * send our FIN, keep reading and discarding (nothing is kept), and close for good when the sender
 * closes its side or after LINGER_MS.
 *
 * Node's server calls socket.destroySoon() once a `Connection: close` answer is written; that
 * immediate destroy is what caused the reset, so it is replaced on this one socket.
 */
export function closeAfterLinger(socket: Socket): void {
  socket.destroySoon = () => {
    socket.end();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}
