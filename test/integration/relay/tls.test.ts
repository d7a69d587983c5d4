// The direct listener serves TLS from the configured certificate and key files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATIONS_PATH, signedHeaders } from '../../../relay/protocol.ts';
import { createWorld } from './world.ts';
import { AGENT_ID, KEY, startHarness } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-relay-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post = (url: string, ca: Buffer, path: string, body: string) =>
  new Promise<{ status: number; body: string; protocol: string }>((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      ...signedHeaders({ key: KEY, agentId: AGENT_ID, method: 'POST', path, body, requestId: 'tls' }),
    };
    const req = request(`${url}${path}`, { method: 'POST', headers, ca }, (res) => {
      // Read while the socket is still attached (it is detached by the time the body has ended).
      const protocol = (res.socket as { getProtocol?: () => string | null }).getProtocol?.() ?? '';
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, protocol }));
    });
    req.on('error', reject);
    req.end(body);
  });

describe('relay agent over TLS', () => {
  it('answers over HTTPS with the configured certificate (and a client trusting that CA)', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const world = createWorld();
    const h = await startHarness(world.sim, { HM_RELAY_TLS_CERT: cert, HM_RELAY_TLS_KEY: key });
    try {
      expect(h.agent.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await post(h.agent.url, readFileSync(cert), `${OPERATIONS_PATH}/sync-scope`, '{}');
      expect(res.status).toBe(200);
      expect(res.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(JSON.parse(res.body)).toMatchObject({ result: { groupFilteringGroupDn: null } });
      // A client that does not trust the certificate cannot talk to it.
      await expect(h.client.getSyncScope('untrusted')).rejects.toMatchObject({ code: 'RELAY.UNAVAILABLE' });
    } finally {
      world.sim.close();
      await h.close();
    }
  });
});
