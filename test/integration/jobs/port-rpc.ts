/**
 * The in-memory AD served over loopback HTTP, so a job runner in a child process (which the test kills)
 * writes to a directory that outlives it - as real AD outlives a crashed bot. (The cloud and Entra
 * Connect are reached by the child through the real Graph connector and relay client.) Plain JSON calls;
 * DomainErrors cross the wire with their code, message and retryable flag.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError, isDomainError, type ErrorCode } from '../../../core/errors.ts';
import type { OnPremDirectory } from '../../../core/ports.ts';

interface Call {
  readonly method: string;
  readonly args: unknown[];
}

export const serveDirectory = async (
  directory: OnPremDirectory,
): Promise<{ url: string; close(): Promise<void> }> => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Call;
      const port = directory as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const fn = port[call.method];
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? null));
      };
      if (typeof fn !== 'function')
        return reply(404, { error: { code: 'INTERNAL', message: 'no such method' } });
      fn.apply(port, call.args).then(
        (value) => reply(200, { value }),
        (e: unknown) =>
          reply(500, {
            error: isDomainError(e)
              ? { code: e.code, message: e.message, retryable: e.retryable, details: e.details }
              : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) },
          }),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
};

/** An OnPremDirectory whose every call goes to `url` (listUsersInOu is not served: jobs do not use it). */
export const remoteDirectory = (url: string): OnPremDirectory =>
  new Proxy(
    {},
    {
      get: (_t, method) =>
        // `then` must stay undefined, or awaiting the proxy would call it.
        typeof method !== 'string' || method === 'then'
          ? undefined
          : async (...args: unknown[]) => {
              // Callbacks cannot cross; trailing undefined must stay absent (not become null).
              const sent = args.filter((a) => typeof a !== 'function');
              while (sent.length > 0 && sent.at(-1) === undefined) sent.pop();
              const res = await fetch(url, {
                method: 'POST',
                body: JSON.stringify({ method, args: sent }),
              });
              const body = (await res.json()) as {
                value?: unknown;
                error?: {
                  code: ErrorCode;
                  message: string;
                  retryable?: boolean;
                  details?: Record<string, unknown>;
                };
              };
              if (body.error !== undefined)
                throw new DomainError(body.error.code, body.error.message, {
                  retryable: body.error.retryable,
                  details: body.error.details,
                });
              return body.value;
            },
    },
  ) as OnPremDirectory;
