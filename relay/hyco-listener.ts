/**
 * Outbound-only listening through Azure Relay Hybrid Connections. The agent opens a WebSocket to the
 * namespace (port 443 out) and the relay forwards the bot's HTTPS requests over it, so the Entra Connect
 * server needs no inbound port. Requests carry the same HMAC signature as direct ones: the relay's own
 * SAS check (the bot's send token) is a second lock, not the only one.
 */
import type { Logger } from 'pino';
import type { ListenerConfig } from './config.ts';
import type { RelayHandler } from './handler.ts';
import { nodeRequestListener, type RunningListener } from './listeners.ts';
import { sasTokenFor } from './sas-token.ts';

/**
 * The wss:// URI the agent listens on (what hyco-https's createRelayListenUri builds). A namespace
 * with an explicit port (only the loopback simulator has one) keeps it instead of `:443`.
 */
export const hycoListenUri = (namespace: string, path: string): string =>
  `wss://${/:\d+$/.test(namespace) ? namespace : `${namespace}:443`}/$hc/${path}?sb-hc-action=listen`;

/** The https:// URL the bot sends to (RELAY_URL when the agent listens through Azure Relay). */
export const hycoSendUrl = (namespace: string, path: string): string => `https://${namespace}/${path}`;

export const listenHyco = async (
  config: Extract<ListenerConfig, { kind: 'hyco' }>,
  handler: RelayHandler,
  maxBodyBytes: number,
  logger: Logger,
): Promise<RunningListener> => {
  // Loaded only when selected: importing hyco-https patches Node's `https` module process-wide.
  const { default: hyco } = await import('hyco-https');
  const uri = hycoListenUri(config.namespace, config.path);
  const server = hyco.createRelayedServer(
    // A fresh token on every (re)connect and every hour (hyco-https's fixed renewal period, sent as a
    // renewToken frame). Valid for two hours so the renewal lands well before expiry: with one hour it
    // would race the expiry, and the service closes a control channel whose token has expired.
    { server: uri, token: () => sasTokenFor(uri, config.keyName, config.key, 2 * 3600) },
    nodeRequestListener(handler, maxBodyBytes, logger, `/${config.path}`),
  );
  let closed = false;
  server.on('listening', () => {
    // hyco-https re-dials from a backoff timer that close() does not cancel: a control channel opening
    // after close() would serve requests for a stopped agent, so it is shut at once.
    if (closed) server.close();
    else logger.info({ path: config.path }, 'Azure Relay listener connected');
  });
  server.on('error', (event) => {
    // hyco-https emits ws's ErrorEvent, whose `target` holds the handshake request with the SAS token in
    // its raw headers (a refused listen logged it whole): log what went wrong, never the event itself.
    const e = event as { message?: unknown; error?: { code?: unknown } };
    logger.error(
      { reason: typeof e.message === 'string' ? e.message : 'unknown', code: e.error?.code },
      'Azure Relay listener error (will reconnect)',
    );
  });
  server.listen();
  return {
    url: hycoSendUrl(config.namespace, config.path),
    close: () => {
      closed = true;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
