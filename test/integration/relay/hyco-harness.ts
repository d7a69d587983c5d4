// Shared by the Azure Relay simulator tests: keys, the throwaway CA trust, the agent listening through
// the simulator (HM_RELAY_LISTENER=hyco) around a runner, with its log lines captured.
import tls from 'node:tls';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startRelayAgent, type RelayAgent } from '../../../relay/agent.ts';
import { loadRelayAgentConfig } from '../../../relay/config.ts';
import type { ScriptRunner } from '../../../relay/script-runner.ts';
import { makeLoopbackPki } from './hyco-tls.ts';

export const KEY = 'h'.repeat(24) + 'agent-key-0123456789';
export const LISTEN_KEY = 'bGlzdGVuLWtleS1mb3ItdGhlLXJlbGF5LXNpbQ==';
export const SEND_KEY = 'c2VuZC1rZXktZm9yLXRoZS1yZWxheS1zaW11bGF0b3I=';
export const HC = 'hardmatch';
export const rules = {
  ListenRule: { key: LISTEN_KEY, rights: ['Listen' as const] },
  SendRule: { key: SEND_KEY, rights: ['Send' as const] },
};

/**
 * Makes a loopback certificate and trusts its CA in this worker. Neither hyco-https (ws) nor fetch takes
 * a `ca` option, so the CA joins Node's default trust (the in-process NODE_EXTRA_CA_CERTS); `restore`
 * puts the defaults back. Verification stays on throughout.
 */
export const trustLoopbackPki = () => {
  const defaults = tls.getCACertificates('default');
  const { caPem, certPem, keyPem } = makeLoopbackPki();
  tls.setDefaultCACertificates([...defaults, caPem]);
  return {
    caPem,
    tls: { cert: certPem, key: keyPem },
    restore: () => tls.setDefaultCACertificates(defaults),
  };
};

export const startHycoAgent = (options: {
  readonly namespace: string;
  readonly runner: ScriptRunner;
  readonly hc?: string;
  readonly listenKey?: string;
  readonly logs?: string[];
}): Promise<RelayAgent> => {
  const logs = options.logs ?? [];
  return startRelayAgent({
    config: loadRelayAgentConfig({
      HM_RELAY_MODE: 'simulator',
      HM_RELAY_LISTENER: 'hyco',
      HM_RELAY_HYCO_NAMESPACE: options.namespace,
      HM_RELAY_HYCO_PATH: options.hc ?? HC,
      HM_RELAY_HYCO_KEY_NAME: 'ListenRule',
      HM_RELAY_HYCO_KEY: options.listenKey ?? LISTEN_KEY,
      HM_RELAY_AGENT_ID: 'bot',
      HM_RELAY_KEY: KEY,
    }),
    runner: options.runner,
    logger: pino(
      { level: 'debug' },
      new Writable({ write: (c: Buffer, _e, cb) => (logs.push(c.toString()), cb()) }),
    ),
  });
};

/** The rejection of `p` (or an Error 'resolved' when it did not reject), for toMatchObject. */
export const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => new Error('resolved'),
    (e: unknown) => e as Error,
  );
