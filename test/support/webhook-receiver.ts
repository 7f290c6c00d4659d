import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifySignature } from '../../lambdas/notify/signing.js';

/**
 * A webhook receiver written from SPEC alone: it reads the raw body, verifies the HMAC-SHA256
 * signature over `timestamp.body` from the one header, refuses one older than 5 minutes (a
 * replay), and answers 2xx only for a delivery it accepted. `failFirst` answers 500 that many times.
 */
export interface Received {
  body: string;
  header: string;
  event: { id: string; type: string; data: Record<string, unknown> };
}

export interface Receiver {
  url: string;
  accepted: Received[];
  refused: { reason: string }[];
  requests: number;
  /** Sets the secret once the endpoint is registered (the secret is shown then). */
  secret: string;
  /** The receiver's clock (a test moves it to replay a delivery 6 minutes later). */
  now: () => Date;
  close(): Promise<void>;
}

export async function startReceiver(opts: { failFirst?: number } = {}): Promise<Receiver> {
  let failures = opts.failFirst ?? 0;
  const receiver: Receiver = {
    url: '',
    accepted: [],
    refused: [],
    requests: 0,
    secret: '',
    now: () => new Date(),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.requests++;
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('down for now');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[SIGNATURE_HEADER] as string | undefined;
      try {
        verifySignature(receiver.secret, header, body, receiver.now());
      } catch (err) {
        receiver.refused.push({ reason: (err as Error).message });
        res.writeHead(400).end('bad signature');
        return;
      }
      receiver.accepted.push({ body, header: header as string, event: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/** Sends a delivery again as captured (a replay), returning the receiver's status. */
export async function replay(receiver: Receiver, delivery: Received): Promise<number> {
  const res = await fetch(receiver.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: delivery.header },
    body: delivery.body,
  });
  return res.status;
}
