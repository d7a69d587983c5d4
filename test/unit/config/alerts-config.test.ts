// The watcher's settings: off unless the ops conversation is set; every HM_ALERTS_* key read by the
// same strict rules as the rest; a threshold without the conversation is a mistake, refused at start.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.ts';
import { alertSettings } from '../../fixtures/alerts.ts';

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toMatchObject({ code: 'CONFIG.INVALID' });
    return (e as Error).message;
  }
  throw new Error('expected CONFIG.INVALID');
};

describe('HM_ALERTS_*', () => {
  it('none set: the watcher is off', () => {
    expect(loadConfig({}).alerts).toBeNull();
    // An empty value (a blank line in an env file) is "not set".
    expect(loadConfig({ HM_ALERTS_CONVERSATION_ID: '' }).alerts).toBeNull();
  });

  it('the conversation alone: on, with the defaults', () => {
    expect(loadConfig({ HM_ALERTS_CONVERSATION_ID: '19:ops@thread.tacv2' }).alerts).toEqual(alertSettings());
  });

  it('every threshold is read as a whole number in its range', () => {
    const a = loadConfig({
      HM_ALERTS_CONVERSATION_ID: '19:ops@thread.tacv2',
      HM_ALERTS_INTERVAL_SECONDS: '60',
      HM_ALERTS_STALE_SYNC_MINUTES: '45',
      HM_ALERTS_PASSWORD_SYNC_MINUTES: '90',
      HM_ALERTS_LONG_CYCLE_MINUTES: '120',
      HM_ALERTS_CREDENTIAL_DAYS: '14',
      HM_ALERTS_SUPPORT_DAYS: '365',
    }).alerts;
    expect(a).toMatchObject({
      intervalMs: 60_000,
      staleSyncMinutes: 45,
      passwordSyncMinutes: 90,
      longCycleMinutes: 120,
      credentialDays: 14,
      supportDays: 365,
    });
  });

  it.each([
    ['HM_ALERTS_INTERVAL_SECONDS', '0', /HM_ALERTS_INTERVAL_SECONDS: must be at least 1/],
    ['HM_ALERTS_INTERVAL_SECONDS', '1e3', /decimal digits only/],
    ['HM_ALERTS_INTERVAL_SECONDS', ' ', /decimal digits only/],
    ['HM_ALERTS_STALE_SYNC_MINUTES', '43201', /at most 43200/],
    ['HM_ALERTS_PASSWORD_SYNC_MINUTES', '-5', /decimal digits only/],
    ['HM_ALERTS_CREDENTIAL_DAYS', '366', /at most 365/],
    ['HM_ALERTS_SUPPORT_DAYS', 'soon', /decimal digits only/],
    ['HM_ALERTS_CONVERSATION_ID', '19:has space@thread', /a Teams conversation id/],
  ])('%s=%j is refused, naming the key', (key, value, message) => {
    const m = refusal({ HM_ALERTS_CONVERSATION_ID: '19:ops@thread.tacv2', [key]: value });
    expect(m).toContain(key);
    expect(m).toMatch(message);
  });

  it('a threshold without the conversation is refused (it would do nothing)', () => {
    expect(refusal({ HM_ALERTS_INTERVAL_SECONDS: '60', HM_ALERTS_SUPPORT_DAYS: '30' })).toMatch(
      /HM_ALERTS_CONVERSATION_ID: required when HM_ALERTS_INTERVAL_SECONDS, HM_ALERTS_SUPPORT_DAYS is set/,
    );
  });
});
