/**
 * Issue 12, finding 7: a URL's user:password never reaches a log line - not in the message, not in a
 * field, not in an error's message or stack - while the rest of the URL stays readable.
 */
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, withoutUrlCredentials } from '../../../config/logger.ts';

describe('URLs are logged without credentials', () => {
  it('cuts user:password out of any scheme, leaving host and path', () => {
    expect(withoutUrlCredentials('GET https://bob:hunter2@graph.example.com/v1.0/users')).toBe(
      'GET https://[redacted]@graph.example.com/v1.0/users',
    );
    expect(withoutUrlCredentials('ldaps://svc:p%40ss@dc1:636 and http://a@b')).toBe(
      'ldaps://[redacted]@dc1:636 and http://[redacted]@b',
    );
    expect(withoutUrlCredentials('mail anna@contoso.com, see https://host/x@y')).toBe(
      'mail anna@contoso.com, see https://host/x@y',
    );
  });

  it('in every part of a log line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hm-log-')), 'out.log');
    const log = createLogger({ level: 'info', destination: openSync(file, 'a') });
    log.warn(
      {
        url: 'https://bot:Secret-One@relay.corp.example/hc',
        nested: { target: 'ldap://svc:Secret-Two@dc1' },
        err: new Error('connect to http://u:Secret-Three@relay:8787 failed'),
      },
      'turn failed calling https://x:Secret-Four@graph.example.com',
    );
    await new Promise<void>((resolve, reject) => log.flush((e) => (e ? reject(e) : resolve())));
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('relay.corp.example/hc');
    expect(text).toContain('connect to http://[redacted]@relay:8787 failed');
    for (const secret of ['Secret-One', 'Secret-Two', 'Secret-Three', 'Secret-Four'])
      expect(text).not.toContain(secret);
  });
});
