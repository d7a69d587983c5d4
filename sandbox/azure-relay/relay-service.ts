/**
 * A loopback Azure Relay Hybrid Connections service: enough of the public protocol for hyco-https's
 * listener and an HTTPS sender to work against it, over TLS, with SAS checks on both sides.
 *
 * - Listener: WebSocket `wss://<ns>/$hc/<hc>?sb-hc-action=listen`, SAS (Listen) in the
 *   `ServiceBusAuthorization` header or `sb-hc-token`; `renewToken` frames extend it, and the channel is
 *   closed when the token expires unrenewed (as the service does).
 * - Sender: HTTPS `https://<ns>/<hc>/...`, SAS (Send) in `ServiceBusAuthorization` or `sb-hc-token`.
 *   Requests up to 64 KB go over the control channel as a `request` frame (+ one binary body message);
 *   larger ones as an address-only `request` the listener answers by dialling the rendezvous address, over
 *   which the request is then delivered. The listener answers with a `response` frame (+ binary body) on
 *   the control channel, or on a rendezvous socket when its answer is over 64 KB.
 * - WebSocket senders (`sb-hc-action=connect`) are refused with 501: hyco-https 1.4.5's `accept` cannot
 *   work (it references an undefined `Extensions`), so nothing in this project can use it.
 * Errors are the service's: XML `<Error><Code/><Detail/></Error>`, 401 for SAS failures, 404 for an
 * unknown hybrid connection or no connected listener, 504 when the listener does not answer in time.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket from 'ws';
import { checkSasToken, sasExpiry, type RelayRight } from './sas.ts';
import {
  errorXml,
  HOP_BY_HOP,
  rejectUpgrade,
  tokenOf,
  type AzureRelaySimulator,
  type AzureRelaySimulatorOptions,
  type RelayEvent,
} from './wire.ts';

export type { AzureRelaySimulator, AzureRelaySimulatorOptions, RelayEvent } from './wire.ts';

const CONTROL_CHANNEL_LIMIT = 64 * 1024;
const MAX_SENDER_BODY = 4 * 1024 * 1024;

interface Exchange {
  readonly hc: string;
  readonly frame: Record<string, unknown>;
  readonly body: Buffer;
  readonly res: ServerResponse;
  readonly timer: NodeJS.Timeout;
  via: 'control' | 'rendezvous';
}

export const startAzureRelaySimulator = async (
  options: AzureRelaySimulatorOptions,
): Promise<AzureRelaySimulator> => {
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const events: RelayEvent[] = [];
  const listeners = new Map<string, WebSocket[]>();
  const exchanges = new Map<string, Exchange>();
  const sockets = new Set<WebSocket>();
  let turn = 0;
  const wss = new WebSocket.Server({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 2 * MAX_SENDER_BODY,
  });
  // Bound to 127.0.0.1 only; known by the loopback name (the certificate must carry DNS:localhost).
  const host = 'localhost';
  let namespace = '';

  // Own keys only: a path such as `__proto__` is an unknown hybrid connection, not Object.prototype.
  const spec = (hc: string) =>
    Object.hasOwn(options.hybridConnections, hc) ? options.hybridConnections[hc] : undefined;
  const rulesOf = (hc: string) => new Map(Object.entries(spec(hc)?.rules ?? {}));
  const check = (token: string | undefined, hc: string, right: RelayRight) =>
    checkSasToken(token, rulesOf(hc), right, host, hc);

  const finish = (ex: Exchange, status: number, headers: Record<string, string>, body: Buffer) => {
    clearTimeout(ex.timer);
    if (!exchanges.delete(String(ex.frame['id']))) return;
    const target = String(ex.frame['requestTarget']);
    events.push({ type: 'forwarded', hc: ex.hc, target, via: ex.via, status });
    const kept = Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()));
    ex.res.writeHead(status, { ...Object.fromEntries(kept), 'content-length': body.length });
    ex.res.end(body);
  };

  /** Reads `response` frames (+ their binary body) from a control channel or rendezvous socket. */
  const readResponses = (ws: WebSocket, rendezvous: boolean) => {
    // A rendezvous socket carries one exchange: the service closes it once the answer is complete.
    const complete = (ex: Exchange, status: number, headers: Record<string, string>, body: Buffer) => {
      finish(ex, status, headers, body);
      if (rendezvous) ws.close(1000, 'response complete');
    };
    let awaitingBody: { ex: Exchange; status: number; headers: Record<string, string> } | null = null;
    ws.on('message', (data: WebSocket.Data) => {
      if (typeof data !== 'string') {
        if (awaitingBody === null) return;
        const { ex, status, headers } = awaitingBody;
        awaitingBody = null;
        complete(ex, status, headers, Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
        return;
      }
      let msg: { response?: Record<string, unknown>; renewToken?: { token?: string } };
      try {
        msg = JSON.parse(data) as typeof msg;
      } catch {
        return;
      }
      if (msg.renewToken !== undefined) return renew(ws, msg.renewToken.token);
      const r = msg.response;
      const ex = exchanges.get(String(r?.['requestId']));
      if (r === undefined || ex === undefined) return;
      const status = Number(r['statusCode']);
      const headers = (r['responseHeaders'] ?? {}) as Record<string, string>;
      if (r['body'] === true) awaitingBody = { ex, status, headers };
      else complete(ex, status, headers, Buffer.alloc(0));
    });
  };

  const expiryTimers = new WeakMap<WebSocket, NodeJS.Timeout>();
  const armExpiry = (ws: WebSocket, token: string) => {
    clearTimeout(expiryTimers.get(ws));
    const ms = (sasExpiry(token) ?? 0) * 1000 - Date.now();
    const timer = setTimeout(() => ws.close(1008, 'token expired'), Math.max(ms, 0));
    timer.unref();
    expiryTimers.set(ws, timer);
  };
  const hcOf = new WeakMap<WebSocket, string>();
  const renew = (ws: WebSocket, token: string | undefined) => {
    const hc = hcOf.get(ws) ?? '';
    if (!check(token, hc, 'Listen').ok) return ws.close(1008, 'token renewal refused');
    armExpiry(ws, token!);
    events.push({ type: 'token-renewed', hc, expiresAt: sasExpiry(token!) ?? 0 });
  };

  const rendezvousAddress = (hc: string, id: string) =>
    `wss://${namespace}/$hc/${hc}?sb-hc-action=request&sb-hc-id=${id}`;

  const sendRequest = (ws: WebSocket, ex: Exchange) => {
    ws.send(JSON.stringify({ request: ex.frame }));
    if (ex.body.length > 0) ws.send(ex.body, { binary: true });
  };

  const onSend = (req: IncomingMessage, res: ServerResponse, url: URL, hc: string) => {
    const refuse = (status: number, detail: string) => {
      res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8' });
      res.end(errorXml(status, detail));
    };
    if (spec(hc)?.requiresClientAuthorization !== false) {
      const auth = check(tokenOf(req, url), hc, 'Send');
      if (!auth.ok) {
        events.push({ type: 'sender-refused', hc, reason: auth.reason });
        req.resume();
        return refuse(401, `${auth.reason}. TrackingId:${randomUUID()}`);
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_SENDER_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_SENDER_BODY) return refuse(413, 'request entity too large');
      const connected = listeners.get(hc) ?? [];
      const ws = connected[turn++ % Math.max(connected.length, 1)];
      if (ws === undefined) {
        events.push({ type: 'no-listener', hc });
        return refuse(404, `Endpoint not found: no listener is connected to ${hc}`);
      }
      for (const k of [...url.searchParams.keys()]) if (k.startsWith('sb-hc-')) url.searchParams.delete(k);
      const id = randomUUID();
      const requestHeaders = Object.fromEntries(
        Object.entries(req.headers)
          .filter(([k, v]) => v !== undefined && !HOP_BY_HOP.has(k))
          .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
      );
      const body = Buffer.concat(chunks);
      const frame = {
        address: rendezvousAddress(hc, id),
        id,
        requestTarget: `${url.pathname}${url.search}`,
        method: req.method,
        remoteEndpoint: { address: req.socket.remoteAddress, port: req.socket.remotePort },
        requestHeaders,
        body: body.length > 0,
      };
      const timer = setTimeout(() => {
        if (!exchanges.delete(id)) return;
        events.push({ type: 'timeout', hc });
        refuse(504, 'the listener did not answer in time');
      }, requestTimeoutMs);
      const ex: Exchange = { hc, frame, body, res, timer, via: 'control' };
      exchanges.set(id, ex);
      // Over the control channel's limit: only the address goes there; the listener dials back for the rest.
      if (body.length > CONTROL_CHANNEL_LIMIT)
        ws.send(JSON.stringify({ request: { address: frame.address, id } }));
      else sendRequest(ws, ex);
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', `https://${namespace}`);
    const hc = /^\/\$hc\/([^/]+)$/.exec(url.pathname)?.[1] ?? '';
    const action = url.searchParams.get('sb-hc-action');
    if (spec(hc) === undefined) return rejectUpgrade(socket, 404, 'Endpoint not found');
    const accept = (then: (ws: WebSocket) => void) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        then(ws);
      });
    if (action === 'listen') {
      const token = tokenOf(req, url);
      const auth = check(token, hc, 'Listen');
      if (!auth.ok) {
        events.push({ type: 'listener-refused', hc, reason: auth.reason });
        return rejectUpgrade(socket, 401, auth.reason);
      }
      return accept((ws) => {
        hcOf.set(ws, hc);
        listeners.set(hc, [...(listeners.get(hc) ?? []), ws]);
        armExpiry(ws, token!);
        events.push({ type: 'listener-connected', hc, expiresAt: sasExpiry(token!) ?? 0 });
        readResponses(ws, false);
        ws.on('close', (code: number) => {
          clearTimeout(expiryTimers.get(ws));
          listeners.set(
            hc,
            (listeners.get(hc) ?? []).filter((l) => l !== ws),
          );
          events.push({ type: 'listener-closed', hc, code });
        });
      });
    }
    if (action === 'request') {
      // The rendezvous address is the capability: only the listener that was sent it can know the id.
      const ex = exchanges.get(url.searchParams.get('sb-hc-id') ?? '');
      if (ex === undefined || ex.hc !== hc) return rejectUpgrade(socket, 404, 'rendezvous not found');
      return accept((ws) => {
        ex.via = 'rendezvous';
        readResponses(ws, true);
        // A request too large for the control channel is delivered here once the listener is connected.
        if (ex.body.length > CONTROL_CHANNEL_LIMIT) sendRequest(ws, ex);
      });
    }
    rejectUpgrade(socket, 501, `sb-hc-action=${action ?? ''} is not simulated`);
  };

  const server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', `https://${namespace}`);
    const hc = url.pathname.split('/')[1] ?? '';
    if (spec(hc) === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml; charset=utf-8' });
      res.end(errorXml(404, 'Endpoint not found'));
      return;
    }
    onSend(req, res, url, hc);
  });
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  namespace = `${host}:${(server.address() as AddressInfo).port}`;

  return {
    namespace,
    events,
    listenerCount: (hc) => listeners.get(hc)?.length ?? 0,
    dropListeners: (hc) => {
      for (const ws of listeners.get(hc) ?? []) ws.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        for (const ex of exchanges.values()) clearTimeout(ex.timer);
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
