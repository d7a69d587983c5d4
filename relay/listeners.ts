/**
 * The two ways the agent is reached, feeding the same RelayHandler:
 * - direct: a restify server on a host/port, TLS from the configured cert/key files (plain HTTP only on
 *   loopback, enforced by the config);
 * - hyco: outbound-only through Azure Relay Hybrid Connections (`hyco-https`): the agent dials out to
 *   the relay namespace and requests arrive over that connection; no inbound firewall port.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import restify from 'restify';
import type { Logger } from 'pino';
import type { ListenerConfig } from './config.ts';
import type { RelayHandler, RelayResponse } from './handler.ts';
import { OPERATIONS_PATH } from './protocol.ts';

export interface RunningListener {
  /** Where clients reach the agent (for logs and tests). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Reads the body up to `limit` bytes. Over the limit it stops keeping bytes and answers null at once,
 * so an oversized request costs no memory; the rest is drained so the 413 can still be delivered.
 */
export const readLimitedBody = (
  req: NodeJS.ReadableStream & { headers: IncomingMessage['headers'] },
  limit: number,
): Promise<Uint8Array | null> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer | string) => {
      if (over) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(buf);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });

const writeJson = (res: ServerResponse, response: RelayResponse): void => {
  const text = JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
};

/** Serves the handler over the request/response pair of any node-style server (hyco, plain http). */
export const nodeRequestListener =
  (handler: RelayHandler, maxBodyBytes: number, logger: Logger, pathPrefix = '') =>
  (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const raw = req.url ?? '/';
      // Azure Relay delivers `/<hybrid connection>/v1/...`; the client signed the part after it.
      const path = pathPrefix !== '' && raw.startsWith(`${pathPrefix}/`) ? raw.slice(pathPrefix.length) : raw;
      const body = await readLimitedBody(req, maxBodyBytes);
      writeJson(res, await handler({ method: req.method ?? 'GET', path, headers: req.headers, body }));
    })().catch((e: unknown) => {
      logger.error({ err: e }, 'relay listener failed to answer');
      if (!res.headersSent)
        writeJson(res, { status: 500, body: { error: { code: 'INTERNAL', message: 'agent error' } } });
    });
  };

const refusedJson = (message: string) => () => ({ error: { code: 'RELAY.REFUSED', message } });

/** The direct listener: restify, one route; unknown paths and methods answer in the same error JSON. */
export const listenDirect = async (
  config: Extract<ListenerConfig, { kind: 'direct' }>,
  handler: RelayHandler,
  maxBodyBytes: number,
  logger: Logger,
): Promise<RunningListener> => {
  const tls =
    config.tls === null
      ? {}
      : { certificate: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) };
  const server = restify.createServer({ name: 'hardmatch-relay', handleUncaughtExceptions: false, ...tls });
  const respond = nodeRequestListener(handler, maxBodyBytes, logger);
  // Thin route: the handler does parse -> authenticate -> run -> respond; restify only routes.
  server.post(`${OPERATIONS_PATH}/:operation`, (req, res, next) => {
    respond(req, res);
    res.once('finish', () => next(false));
  });
  server.on('NotFound', (_req, _res, err: { toJSON?: unknown }, cb: () => void) => {
    err.toJSON = refusedJson('no such endpoint');
    cb();
  });
  server.on('MethodNotAllowed', (_req, _res, err: { toJSON?: unknown }, cb: () => void) => {
    err.toJSON = refusedJson('operations are invoked with POST');
    cb();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `${config.tls === null ? 'http' : 'https'}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
};
