/**
 * A real HTTP receiver for webhook tests (node:http, in the test process, on 127.0.0.1 port 0). It
 * answers each request with the next status of `script` (then `thenStatus`), and keeps every
 * request exactly as received: the raw body is what a receiver must verify the signature on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The status the receiver answered. */
  readonly answered: number;
  /** The receiver's clock, unix seconds, when the request arrived. */
  readonly receivedAtSeconds: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly requests: readonly ReceivedRequest[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  script: readonly number[] = [],
  thenStatus = 204,
  /** Milliseconds to wait before answering (for timeouts and concurrency). */
  delayMs = 0,
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let answered = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = script[answered] ?? thenStatus;
      answered += 1;
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: status,
        receivedAtSeconds: Math.floor(Date.now() / 1000),
      });
      setTimeout(() => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(status >= 200 && status < 300 ? '' : `receiver says ${status}`);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/armslength`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
