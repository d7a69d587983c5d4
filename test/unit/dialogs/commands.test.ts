import { describe, expect, it } from 'vitest';
import { onPremKeyOf } from '../../../app/user-keys.ts';
import { COMMANDS, parseCommand } from '../../../dialogs/commands.ts';
import { normaliseText, tokenise } from '../../../dialogs/text.ts';

/** What a message parses to: the command's name and its input, or the reason it is not understood. */
const parsed = (text: string) => {
  const p = parseCommand(text);
  return p.ok ? { name: p.command.name, input: p.input } : { reason: p.reason };
};

describe('parseCommand', () => {
  it.each([
    ['help', { name: 'help', input: null }],
    ['  HELP ', { name: 'help', input: null }],
    ['?', { name: 'help', input: null }],
    ['link', { name: 'link', input: { ad: null, cloud: null } }],
    ['match jdoe', { name: 'link', input: { ad: 'jdoe', cloud: null } }],
    ['link jdoe jane@contoso.com', { name: 'link', input: { ad: 'jdoe', cloud: 'jane@contoso.com' } }],
    [
      'link "CN=Jane Doe,OU=Staff,DC=contoso,DC=com" jane@contoso.com',
      { name: 'link', input: { ad: 'CN=Jane Doe,OU=Staff,DC=contoso,DC=com', cloud: 'jane@contoso.com' } },
    ],
    ['status jane@contoso.com', { name: 'status', input: 'jane@contoso.com' }],
    ['errors', { name: 'errors', input: null }],
    ['sync status', { name: 'sync status', input: null }],
    ['Sync Status', { name: 'sync status', input: null }],
    ['sync now', { name: 'sync now', input: null }],
    ['audit', { name: 'audit', input: 15 }],
    ['audit 100', { name: 'audit', input: 100 }],
    [
      'convert AA 00 AA 00 11 BB 22 CC DD 33 44 EE 44 EE 44 EE',
      { name: 'convert', input: 'AA 00 AA 00 11 BB 22 CC DD 33 44 EE 44 EE 44 EE' },
    ],
    ['<at>Hard Match</at> errors', { name: 'errors', input: null }],
    ['<p>help</p>', { name: 'help', input: null }],
  ])('%s', (text, expected) => expect(parsed(text)).toEqual(expected));

  it.each([
    ['', ''],
    ['status', /status needs one user/],
    ['status a b', /status needs one user/],
    ['link a b c', /at most two users/],
    ['sync', /Did you mean: sync status or sync now\?/],
    ['errors now', /no arguments/],
    ['audit 0', /number from 1 to 100/],
    ['audit 101', /number from 1 to 100/],
    ['audit all', /number from 1 to 100/],
    ['convert', /convert needs a value/],
    ['drop table users', /I don't know "drop table users"/],
    [`status ${'x'.repeat(300)}`, /not allowed, or is too long/],
    ['x'.repeat(700), /too long/],
  ])('refuses %j with a reason', (text, reason) => {
    const p = parsed(text);
    expect(p).toHaveProperty('reason');
    expect(p.reason).toMatch(reason);
  });

  it('treats filter metacharacters as data', () => {
    expect(parsed('status *)(uid=*')).toEqual({ name: 'status', input: '*)(uid=*' });
  });

  it('normalises Teams HTML and tokenises quotes', () => {
    expect(normaliseText('a&nbsp;&amp;&nbsp;b')).toBe('a & b');
    expect(tokenise('x "a b" c')).toEqual(['x', 'a b', 'c']);
  });
});

describe('the command table', () => {
  it('names every command and alias once, so the parser can never pick between two', () => {
    const words = COMMANDS.flatMap((c) => [c.name, ...c.aliases]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('every entry starts its usage with its name and has a summary', () => {
    for (const c of COMMANDS) {
      expect(c.usage.startsWith(c.name)).toBe(true);
      expect(c.summary.length).toBeGreaterThan(5);
    }
  });
});

describe('onPremKeyOf', () => {
  it.each([
    [
      '{1F0E9D8C-7B6A-4958-A7B6-C5D4E3F2A1B0}',
      { kind: 'guid', value: '1f0e9d8c-7b6a-4958-a7b6-c5d4e3f2a1b0' },
    ],
    ['CN=Jane,OU=Staff,DC=contoso,DC=com', { kind: 'dn', value: 'CN=Jane,OU=Staff,DC=contoso,DC=com' }],
    ['jane@contoso.com', { kind: 'upn', value: 'jane@contoso.com' }],
    ['CONTOSO\\jdoe', { kind: 'sam', value: 'jdoe' }],
    ['jdoe', { kind: 'sam', value: 'jdoe' }],
  ])('%s', (text, key) => expect(onPremKeyOf(text)).toEqual(key));
});
