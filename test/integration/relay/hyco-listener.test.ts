// Listener selection: HM_RELAY_LISTENER=hyco starts the Azure Relay listener (hyco-https), which dials
// OUT to the namespace instead of opening a port. Azure is unreachable here, so the namespace is a
// loopback address with nothing listening: the test proves the hyco path is taken and fails softly
// (logged, retried by hyco-https) rather than that Azure accepts it. The whole path through a simulated
// Azure Relay service is in hyco.test.ts.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startRelayAgent } from '../../../relay/agent.ts';
import { loadRelayAgentConfig } from '../../../relay/config.ts';
import { hycoListenUri } from '../../../relay/hyco-listener.ts';
import type { ScriptRunner } from '../../../relay/script-runner.ts';

describe('Azure Relay listener selection', () => {
  it('uses hyco-https and reports the send URL the bot should use', async () => {
    const logs: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({ write: (c: Buffer, _e, cb) => (logs.push(c.toString()), cb()) }),
    );
    const config = loadRelayAgentConfig({
      HM_RELAY_KEY: 'k'.repeat(40),
      HM_RELAY_LISTENER: 'hyco',
      HM_RELAY_HYCO_NAMESPACE: '127.0.0.1',
      HM_RELAY_HYCO_PATH: 'hardmatch',
      HM_RELAY_HYCO_KEY_NAME: 'ListenRule',
      HM_RELAY_HYCO_KEY: 'c2VjcmV0',
    });
    const runner: ScriptRunner = { run: () => Promise.reject(new Error('must not run')) };
    const agent = await startRelayAgent({ config, runner, logger });
    try {
      expect(agent.url).toBe('https://127.0.0.1/hardmatch');
      await expect.poll(() => logs.join(''), { timeout: 10_000 }).toContain('Azure Relay listener error');
      expect(logs.join('')).toContain('"listener":"hyco"');
      expect(logs.join('')).not.toContain('c2VjcmV0');
    } finally {
      await agent.close();
    }
  });

  it("listens on hyco-https's own URI for a namespace; only an explicit port (the simulator's) replaces :443", async () => {
    const { default: hyco } = await import('hyco-https');
    const ns = 'contoso-relay.servicebus.windows.net';
    expect(hycoListenUri(ns, 'hardmatch')).toBe(hyco.createRelayListenUri(ns, 'hardmatch'));
    expect(hycoListenUri('localhost:4711', 'hardmatch')).toBe(
      'wss://localhost:4711/$hc/hardmatch?sb-hc-action=listen',
    );
    expect(() => loadRelayAgentConfig({ HM_RELAY_HYCO_NAMESPACE: 'contoso:443/x' })).toThrow(
      /HM_RELAY_HYCO_NAMESPACE/,
    );
  });
});
