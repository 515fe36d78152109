import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A loopback forward proxy for the project's own tests, standing in for a corporate one: it
 * forwards absolute-form requests and opens CONNECT tunnels (Playwright and undici use either),
 * and it reads the requests inside a tunnel to a plain-HTTP target too, so it can count every
 * request by method, whoever sent it. Bounded: each forwarded request times out, and `close()`
 * ends every connection.
 */
export interface CountingProxy {
  url: string;
  /** Requests seen, as "METHOD path". */
  seen: string[];
  methods(): Record<string, number>;
  close(): Promise<void>;
}

export async function startCountingProxy(): Promise<CountingProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const forward = (req: IncomingMessage, res: ServerResponse, target: URL) => {
    seen.push(`${req.method} ${target.pathname}`);
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = httpRequest(target, { method: req.method, headers, timeout: 30_000 }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(upstream);
  };
  const server: Server = createServer((req, res) => {
    // Absolute form from a client that talks to the proxy directly; origin form inside a tunnel.
    const target = /^https?:\/\//.test(req.url ?? '') ? new URL(req.url as string) : new URL(req.url ?? '/', `http://${req.headers.host}`);
    forward(req, res, target);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    // The tunnel's bytes are plain HTTP to a loopback target: serve them as requests of their own.
    server.emit('connection', socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    methods: () => {
      const counts: Record<string, number> = {};
      for (const entry of seen) {
        const method = entry.split(' ')[0];
        if (method !== 'CONNECT') counts[method] = (counts[method] ?? 0) + 1;
      }
      return counts;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
