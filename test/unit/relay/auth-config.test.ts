import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RequestVerifier } from '../../../relay/auth.ts';
import { loadRelayAgentConfig } from '../../../relay/config.ts';
import { signedHeaders } from '../../../relay/protocol.ts';

const KEY_A = 'a'.repeat(40);
const KEY_B = 'b'.repeat(40);
const request = (key: string, at: number, nonce?: string) =>
  signedHeaders({
    key,
    agentId: 'bot',
    method: 'POST',
    path: '/v1/operations/x',
    body: '{}',
    requestId: 'r',
    now: new Date(at),
    ...(nonce ? { nonce } : {}),
  });

describe('RequestVerifier', () => {
  it('accepts either key during a rotation and refuses a third', () => {
    const now = 1_800_000_000_000;
    const v = new RequestVerifier({
      agents: new Map([['bot', [KEY_A, KEY_B]]]),
      clockSkewSeconds: 300,
      now: () => now,
    });
    const body = Buffer.from('{}');
    expect(v.verify('POST', '/v1/operations/x', request(KEY_A, now), body).ok).toBe(true);
    expect(v.verify('POST', '/v1/operations/x', request(KEY_B, now), body).ok).toBe(true);
    expect(v.verify('POST', '/v1/operations/x', request('c'.repeat(40), now), body)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    // The signature covers method and path: the same headers for another operation are refused.
    expect(v.verify('POST', '/v1/operations/y', request(KEY_A, now), body).ok).toBe(false);
  });

  it('forgets nonces once their timestamp is outside the window, so the cache stays bounded', () => {
    let now = 1_800_000_000_000;
    const v = new RequestVerifier({
      agents: new Map([['bot', [KEY_A]]]),
      clockSkewSeconds: 60,
      maxNonces: 3,
      now: () => now,
    });
    const body = Buffer.from('{}');
    for (let i = 0; i < 3; i++)
      expect(v.verify('POST', '/v1/operations/x', request(KEY_A, now), body).ok).toBe(true);
    expect(v.verify('POST', '/v1/operations/x', request(KEY_A, now), body)).toEqual({
      ok: false,
      reason: 'replay cache full, retry later',
    });
    now += 61_000;
    expect(v.verify('POST', '/v1/operations/x', request(KEY_A, now), body).ok).toBe(true);
    expect(v.rememberedNonces).toBe(1);
  });
});

describe('loadRelayAgentConfig', () => {
  it('reads agents, TLS and defaults', () => {
    // The TLS files must exist and be readable at start: this file stands in for both.
    const pem = fileURLToPath(import.meta.url);
    const c = loadRelayAgentConfig({
      HM_RELAY_AGENTS: `bot:${KEY_A},bot:${KEY_B},other:${KEY_A}`,
      HM_RELAY_HOST: '0.0.0.0',
      HM_RELAY_TLS_CERT: pem,
      HM_RELAY_TLS_KEY: pem,
    });
    expect(c.agents.get('bot')).toEqual([KEY_A, KEY_B]);
    expect(c.agents.get('other')).toEqual([KEY_A]);
    expect(c.listener).toEqual({
      kind: 'direct',
      host: '0.0.0.0',
      port: 8787,
      tls: { certFile: pem, keyFile: pem },
    });
    expect(c).toMatchObject({ mode: 'powershell', maxBodyBytes: 16_384, clockSkewSeconds: 300 });
  });

  it('names every bad key, never a key value', () => {
    let message = '';
    try {
      loadRelayAgentConfig({ HM_RELAY_KEY: 'short-secret', HM_RELAY_PORT: '99999', HM_RELAY_MODE: 'bash' });
    } catch (e) {
      message = (e as Error).message;
      expect(e).toMatchObject({ code: 'CONFIG.INVALID' });
    }
    for (const k of ['HM_RELAY_KEY', 'HM_RELAY_PORT', 'HM_RELAY_MODE']) expect(message).toContain(k);
    expect(message).not.toContain('short-secret');
  });

  it('refuses plain HTTP off loopback, a bad agents entry and an incomplete hyco setup', () => {
    expect(() => loadRelayAgentConfig({ HM_RELAY_KEY: KEY_A, HM_RELAY_HOST: '10.0.0.5' })).toThrow(
      /HM_RELAY_TLS_CERT/,
    );
    expect(() => loadRelayAgentConfig({ HM_RELAY_AGENTS: 'bot:tooshort' })).toThrow(
      /HM_RELAY_AGENTS: entry 1/,
    );
    expect(() =>
      loadRelayAgentConfig({
        HM_RELAY_KEY: KEY_A,
        HM_RELAY_LISTENER: 'hyco',
        HM_RELAY_HYCO_NAMESPACE: 'ns.servicebus.windows.net',
      }),
    ).toThrow(/HM_RELAY_HYCO_PATH, HM_RELAY_HYCO_KEY_NAME, HM_RELAY_HYCO_KEY/);
    expect(() => loadRelayAgentConfig({})).toThrow(/HM_RELAY_KEY or HM_RELAY_AGENTS/);
  });

  it('selects the Azure Relay listener when configured', () => {
    const c = loadRelayAgentConfig({
      HM_RELAY_KEY: KEY_A,
      HM_RELAY_LISTENER: 'hyco',
      HM_RELAY_HYCO_NAMESPACE: 'ns.servicebus.windows.net',
      HM_RELAY_HYCO_PATH: 'hardmatch',
      HM_RELAY_HYCO_KEY_NAME: 'Listen',
      HM_RELAY_HYCO_KEY: 'c2Fz',
    });
    expect(c.listener).toEqual({
      kind: 'hyco',
      namespace: 'ns.servicebus.windows.net',
      path: 'hardmatch',
      keyName: 'Listen',
      key: 'c2Fz',
    });
  });
});
