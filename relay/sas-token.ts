/**
 * Azure Relay Shared Access Signature tokens, used by the agent to listen and by the client to send
 * (header `ServiceBusAuthorization`). Same algorithm as hyco-https's createRelayToken (the unit test
 * checks they agree), written here so the bot's client needs no hyco-https at all: that package replaces
 * `https.Server` in Node's module cache when loaded, which a bot process should not suffer.
 */
import { createHmac } from 'node:crypto';

/**
 * The resource a token is for: `http://<authority as written>/<path>` without query or `$hc/` segment.
 * The authority keeps an explicit port (`:443` in listen URIs) exactly as hyco-https does, because the
 * signature covers the text and the listener side of hyco-https is known to work with it.
 */
export const relayResource = (uri: string): string => {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(uri)?.[1];
  if (authority === undefined) throw new TypeError('not an absolute URI');
  const path = new URL(uri).pathname.replace('/$hc/', '/');
  return `http://${authority}${path}`;
};

/** `SharedAccessSignature sr=..&sig=..&se=..&skn=..` valid until `expiresAtSeconds` (unix seconds). */
export const createSasToken = (
  uri: string,
  keyName: string,
  key: string,
  expiresAtSeconds: number,
): string => {
  const resource = encodeURIComponent(relayResource(uri));
  const signature = createHmac('sha256', key).update(`${resource}\n${expiresAtSeconds}`).digest('base64');
  return `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(signature)}&se=${expiresAtSeconds}&skn=${keyName}`;
};

/** A token valid for `ttlSeconds` from `now` (default one hour, as the Azure samples do). */
export const sasTokenFor = (
  uri: string,
  keyName: string,
  key: string,
  ttlSeconds = 3600,
  now: Date = new Date(),
): string => createSasToken(uri, keyName, key, Math.floor(now.getTime() / 1000) + ttlSeconds);
