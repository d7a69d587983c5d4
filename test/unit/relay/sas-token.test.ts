// Our SAS tokens must equal hyco-https's own (the reference implementation Azure Relay accepts).
import hyco from 'hyco-https';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hycoListenUri, hycoSendUrl } from '../../../relay/hyco-listener.ts';
import { createSasToken, relayResource, sasTokenFor } from '../../../relay/sas-token.ts';

const expiryOf = (token: string) => Number(/&se=(\d+)/.exec(token)![1]);

describe('Azure Relay SAS tokens', () => {
  it.each([
    ['listen URI', hycoListenUri('contoso-relay.servicebus.windows.net', 'hardmatch')],
    ['send URL', hycoSendUrl('contoso-relay.servicebus.windows.net', 'hardmatch')],
  ])('match hyco-https createRelayToken for the %s', (_name, uri) => {
    const theirs = hyco.createRelayToken(uri, 'ListenRule', 'c2VjcmV0LWtleS12YWx1ZQ==', 600);
    expect(createSasToken(uri, 'ListenRule', 'c2VjcmV0LWtleS12YWx1ZQ==', expiryOf(theirs))).toBe(theirs);
  });

  it('uses the same listen URI as hyco-https', () => {
    expect(hycoListenUri('ns.servicebus.windows.net', 'hc')).toBe(
      hyco.createRelayListenUri('ns.servicebus.windows.net', 'hc'),
    );
  });

  it('signs the URL-encoded resource and expiry with HMAC-SHA256, expiring after the TTL', () => {
    const now = new Date('2026-11-22T01:00:00Z');
    const token = sasTokenFor('https://ns.servicebus.windows.net/hc', 'Send', 'k', 300, now);
    const se = now.getTime() / 1000 + 300;
    const sr = encodeURIComponent('http://ns.servicebus.windows.net/hc');
    const sig = createHmac('sha256', 'k').update(`${sr}\n${se}`).digest('base64');
    expect(token).toBe(`SharedAccessSignature sr=${sr}&sig=${encodeURIComponent(sig)}&se=${se}&skn=Send`);
    expect(relayResource('wss://ns:443/$hc/hc?sb-hc-action=listen')).toBe('http://ns:443/hc');
  });
});
