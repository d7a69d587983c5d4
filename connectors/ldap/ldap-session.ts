/**
 * One bound LDAP connection, re-established when it is lost. ldapts reconnects a dropped socket by
 * itself but then sends the next operation unauthenticated (Samba answers such searches with nothing),
 * so instead a lost connection is replaced by a fresh client that is upgraded (StartTLS) and bound before
 * use, and the failed operation is retried once - reads always, writes only when they were not sent.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import type { LdapConfig } from '../../config/config.ts';
import type { Logger } from '../../config/logger.ts';
import { DomainError } from '../../core/errors.ts';
import {
  isConnectionError,
  isNotSentError,
  isTimeoutError,
  toDomainError,
  type LdapOperation,
} from './ldap-errors.ts';

export interface LdapSession {
  /** Whether the transport is encrypted (LDAPS or StartTLS): passwords may be sent only then. */
  readonly secure: boolean;
  /** Run `fn` on a bound client; vendor errors come out as DomainErrors. */
  run<T>(op: LdapOperation, target: string, fn: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const WRITE_OPS = new Set<LdapOperation>(['move', 'create', 'modify']);

const tlsOptionsFor = (config: LdapConfig): ConnectionOptions | undefined => {
  if (config.caFile === undefined) return undefined;
  try {
    return { ca: [readFileSync(config.caFile)] };
  } catch (e) {
    throw new DomainError('CONFIG.INVALID', `LDAP_CA_FILE cannot be read: ${config.caFile}`, { cause: e });
  }
};

/** Open (lazily) the session described by `config`. Nothing connects until the first operation. */
export const createLdapSession = (config: LdapConfig, logger?: Logger): LdapSession => {
  const ldaps = config.url.startsWith('ldaps:');
  const tls = tlsOptionsFor(config);
  let client: Client | null = null;
  let connecting: Promise<Client> | null = null;
  let closed = false;

  const discard = (c: Client | null) => {
    if (c === null) return;
    if (client === c) client = null;
    // Best effort: the socket may already be gone; an unbind error has nothing to tell anyone.
    c.unbind().catch(() => undefined);
  };

  const connect = async (): Promise<Client> => {
    // tlsOptions on an ldap:// URL makes ldapts speak TLS to the plain port: pass them only for ldaps.
    const c = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      ...(ldaps && tls !== undefined ? { tlsOptions: tls } : {}),
    });
    try {
      if (config.startTls) await c.startTLS(tls ?? {});
      await c.bind(config.bindDn, config.bindPassword);
    } catch (e) {
      discard(c);
      throw toDomainError(e, 'bind', config.url);
    }
    logger?.debug({ url: config.url, startTls: config.startTls }, 'ldap bound');
    return c;
  };

  const bound = async (): Promise<Client> => {
    if (closed) throw new DomainError('AD.UNAVAILABLE', 'The LDAP connection was closed by the application.');
    if (client !== null && client.isBound) return client;
    discard(client);
    connecting ??= connect().finally(() => (connecting = null));
    client = await connecting;
    return client;
  };

  const run = async <T>(op: LdapOperation, target: string, fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = await bound();
    try {
      return await fn(c);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      if (isTimeoutError(e)) {
        // The answer may still arrive on this socket and be mistaken for another one: start afresh.
        discard(c);
        throw toDomainError(e, op, target);
      }
      const retry = isConnectionError(e) && (!WRITE_OPS.has(op) || isNotSentError(e));
      if (!retry) throw toDomainError(e, op, target);
      logger?.warn(
        { op, err: e instanceof Error ? e.message : String(e) },
        'ldap connection lost; reconnecting once',
      );
      discard(c);
      try {
        return await fn(await bound());
      } catch (e2) {
        throw toDomainError(e2, op, target);
      }
    }
  };

  return {
    secure: ldaps || config.startTls,
    run,
    async close() {
      closed = true;
      const c = client;
      client = null;
      if (c !== null) await c.unbind().catch(() => undefined);
    },
  };
};
