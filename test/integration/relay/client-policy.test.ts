// The client's retry, timeout and error mapping, against the real agent with hand-written runners.
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors.ts';
import { createRelayClient } from '../../../connectors/relay/relay-client.ts';
import type { OperationName } from '../../../relay/operations.ts';
import type { RunContext, ScriptRunner } from '../../../relay/script-runner.ts';
import { startHarness, type Harness } from './harness.ts';

const STATUS = {
  syncCycleEnabled: true,
  syncCycleInProgress: false,
  stagingModeEnabled: false,
  schedulerSuspended: false,
  maintenanceEnabled: true,
  nextSyncCyclePolicyType: 'Delta',
  nextSyncCycleStartTimeInUtc: null,
  currentlyEffectiveSyncCycleIntervalMinutes: 30,
};

/** Fails the first `failures` calls of every operation with `code`, then answers. */
class FlakyRunner implements ScriptRunner {
  readonly calls: OperationName[] = [];
  readonly failures: number;
  readonly code: 'RELAY.UNAVAILABLE' | 'RELAY.TIMEOUT' | 'RELAY.FAILED';
  constructor(failures: number, code: 'RELAY.UNAVAILABLE' | 'RELAY.TIMEOUT' | 'RELAY.FAILED') {
    this.failures = failures;
    this.code = code;
  }
  run<N extends OperationName>(operation: N): Promise<never> {
    this.calls.push(operation);
    const n = this.calls.filter((c) => c === operation).length;
    if (n <= this.failures) return Promise.reject(new DomainError(this.code, 'flaky'));
    const answers: Partial<Record<OperationName, unknown>> = {
      'scheduler-status': STATUS,
      'delta-sync': { started: true, joined: false },
      'single-object-sync': { distinguishedName: 'CN=a,DC=b', inScope: true, steps: [], raw: {} },
      'restart-service': { restarted: true },
    };
    return Promise.resolve(answers[operation] as never);
  }
}

/** Never answers (until the test ends). */
class HangingRunner implements ScriptRunner {
  /** Request ids of the operations that reached the runner (and never end). */
  readonly started: string[] = [];
  run(_operation: OperationName, _params: unknown, context: RunContext): Promise<never> {
    this.started.push(context.requestId);
    return new Promise(() => undefined);
  }
}

let h: Harness;
afterEach(async () => h?.close());

describe('relay client policy', () => {
  it('retries reads and delta sync on transient failures, but never single-object sync or restart', async () => {
    const runner = new FlakyRunner(1, 'RELAY.UNAVAILABLE');
    h = await startHarness(runner);
    expect((await h.client.getSchedulerStatus('r1')).syncCycleEnabled).toBe(true);
    expect(await h.client.startDeltaSync('r2')).toEqual({ started: true, joined: false });
    const single = await h.client.syncSingleObject('r3', 'CN=a,DC=b').catch((e: unknown) => e);
    expect(single).toMatchObject({ code: 'RELAY.UNAVAILABLE', details: { status: 503 } });
    await expect(h.client.restartSyncService('r4')).rejects.toMatchObject({ code: 'RELAY.UNAVAILABLE' });
    expect(runner.calls).toEqual([
      'scheduler-status',
      'scheduler-status',
      'delta-sync',
      'delta-sync',
      'single-object-sync',
      'restart-service',
    ]);
  });

  it('does not retry a failed cmdlet (RELAY.FAILED), and gives up on transient errors after the retries', async () => {
    const failed = new FlakyRunner(10, 'RELAY.FAILED');
    h = await startHarness(failed);
    await expect(h.client.getSchedulerStatus('f')).rejects.toMatchObject({
      code: 'RELAY.FAILED',
      details: { status: 502 },
    });
    expect(failed.calls).toHaveLength(1);
    await h.close();
    const down = new FlakyRunner(10, 'RELAY.TIMEOUT');
    h = await startHarness(down, {}, { retries: 2 });
    await expect(h.client.getSyncScope('g')).rejects.toMatchObject({
      code: 'RELAY.TIMEOUT',
      details: { status: 504 },
    });
    expect(down.calls).toHaveLength(3);
  });

  it('times out after RELAY_TIMEOUT_MS with RELAY.TIMEOUT', async () => {
    h = await startHarness(new HangingRunner(), {}, { retries: 0 }, 200);
    const started = Date.now();
    await expect(h.client.restartSyncService('t')).rejects.toMatchObject({
      code: 'RELAY.TIMEOUT',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers 503 beyond HM_RELAY_MAX_CONCURRENT operations at once', async () => {
    const runner = new HangingRunner();
    h = await startHarness(runner, { HM_RELAY_MAX_CONCURRENT: '1' }, { retries: 0 }, 500);
    const first = h.client.restartSyncService('c1').catch((e: unknown) => e);
    // The first operation holds the only slot before the second is sent (a fixed pause raced under load).
    await expect.poll(() => runner.started).toEqual(['c1']);
    await expect(h.client.getSyncScope('c2')).rejects.toMatchObject({
      code: 'RELAY.UNAVAILABLE',
      details: { status: 503 },
    });
    expect(await first).toMatchObject({ code: 'RELAY.TIMEOUT' });
  });

  it('maps an unreachable agent to RELAY.UNAVAILABLE', async () => {
    h = await startHarness(new FlakyRunner(0, 'RELAY.FAILED'));
    const url = h.agent.url;
    await h.close();
    const client = createRelayClient(
      { url, agentId: 'bot', key: 'k'.repeat(40), timeoutMs: 1_000 },
      undefined,
      { retries: 0 },
    );
    await expect(client.getSchedulerStatus('u')).rejects.toMatchObject({ code: 'RELAY.UNAVAILABLE' });
  });
});
