import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused connection may keep sending what we no longer read before it is cut. */
const DRAIN_MS = 5_000;

/**
 * Answers requests that Node's HTTP parser refuses (headers over the limit, malformed lines) with
 * a status line, then drains what the client is still sending before closing. Node 22+ destroys
 * the socket at once, so a client still writing a 200 KB header gets ECONNRESET instead of 431.
 */
export function answerParserRefusals(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (socket.destroyed || !socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    // Keep reading (and discarding) so the kernel does not answer the client's remaining bytes with RST.
    socket.on('data', () => undefined);
    socket.resume();
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });
}
