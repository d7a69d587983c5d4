// The bot's start-up self-test: one log line per failing check and a total, nothing for passes, and a
// doctor that cannot run is a warning - never a crash. Real pino, writing to a stream the test reads.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.ts';
import { doctorAtStartup } from '../../../doctor/startup.ts';
import { report, fail, pass, warn } from '../../../doctor/types.ts';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n'))
        if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
};

describe('doctor at bot start-up', () => {
  it('logs each failing check on one line with its fix, then a total; passes and warnings only count', async () => {
    const { log, lines } = capture();
    const result = report([
      pass('graph.token', 'App x.'),
      warn('graph.beta', 'No beta.', 'Allow it.'),
      fail('graph.permission.User.Read.All', 'Missing.', 'Grant User.Read.All.'),
    ]);
    await doctorAtStartup(loadConfig({}), log, () => Promise.resolve(result));
    expect(lines.map((l) => l['msg'])).toEqual([
      'doctor graph.permission.User.Read.All: Missing. Fix: Grant User.Read.All.',
      'doctor: 1 passed, 1 warnings, 1 failed (details: hardmatch doctor)',
    ]);
    expect(lines[0]).toMatchObject({ level: 40, check: 'graph.permission.User.Read.All' });
  });

  it('runs the real checks on an unconfigured install: Graph and AD missing, relay optional', async () => {
    const { log, lines } = capture();
    await doctorAtStartup(loadConfig({}), log);
    expect(lines.filter((l) => l['level'] === 40).map((l) => l['check'])).toEqual([
      'graph.config',
      'ad.config',
    ]);
  });

  it('a doctor that throws is one warning, and start-up goes on', async () => {
    const { log, lines } = capture();
    await expect(
      doctorAtStartup(loadConfig({}), log, () => Promise.reject(new Error('boom'))),
    ).resolves.toBeUndefined();
    expect(lines).toEqual([expect.objectContaining({ msg: 'doctor could not run', err: 'boom' })]);
  });
});
