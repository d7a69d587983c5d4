/**
 * The simulated service's types and wire details: its options and event log, the error body it answers
 * with, the headers it does not forward, and where it looks for a SAS token.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { SasRule } from './sas.ts';

export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'servicebusauthorization',
]);

export interface HybridConnectionSpec {
  /** SAS rules by name (e.g. `ListenRule` with Listen, `SendRule` with Send). */
  readonly rules: Readonly<Record<string, SasRule>>;
  /** "Requires client authorization" (default true): senders need a Send token. */
  readonly requiresClientAuthorization?: boolean;
}

export interface AzureRelaySimulatorOptions {
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly hybridConnections: Readonly<Record<string, HybridConnectionSpec>>;
  /** Port on 127.0.0.1 (default 0: any free one); a test restarts the service on the port it had. */
  readonly port?: number;
  /** How long a sender waits for the listener's answer (default 60 s). */
  readonly requestTimeoutMs?: number;
}

export type RelayEvent =
  | { readonly type: 'listener-connected' | 'token-renewed'; readonly hc: string; readonly expiresAt: number }
  | { readonly type: 'listener-closed'; readonly hc: string; readonly code: number }
  | { readonly type: 'listener-refused' | 'sender-refused'; readonly hc: string; readonly reason: string }
  | {
      readonly type: 'forwarded';
      readonly hc: string;
      readonly target: string;
      readonly via: 'control' | 'rendezvous';
      readonly status: number;
    }
  | { readonly type: 'no-listener' | 'timeout'; readonly hc: string };

export interface AzureRelaySimulator {
  /**
   * `localhost:<port>`: what goes where a namespace host would (HM_RELAY_HYCO_NAMESPACE, RELAY_URL). A
   * name, not 127.0.0.1: the listener's WebSocket sends it as TLS SNI, which Node refuses for an IP.
   */
  readonly namespace: string;
  readonly events: readonly RelayEvent[];
  listenerCount(hc: string): number;
  /** Drops every control channel of `hc`, as a service-side failover or network cut would. */
  dropListeners(hc: string): void;
  close(): Promise<void>;
}

export const errorXml = (status: number, detail: string) =>
  `<Error><Code>${status}</Code><Detail>${detail.replace(/[<>&]/g, '')}</Detail></Error>`;

export const tokenOf = (req: IncomingMessage, url: URL): string | undefined => {
  const h = req.headers['servicebusauthorization'];
  return (typeof h === 'string' ? h : undefined) ?? url.searchParams.get('sb-hc-token') ?? undefined;
};

/** Refuses a WebSocket upgrade with the service's HTTP error. */
export const rejectUpgrade = (socket: Socket, status: number, detail: string): void => {
  const text = errorXml(status, detail);
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Error'}\r\n` +
      `Content-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
};
