import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors.ts';
import {
  bytesToGuid,
  decodeAnchor,
  fromBytes,
  guidToBytes,
  guidToImmutableId,
  immutableIdToBytes,
  immutableIdToConnectorSpaceDn,
  immutableIdToGuid,
  normaliseGuid,
} from '../../../core/immutable-id.ts';

/**
 * An independent Guid.ToByteArray(): Data1 as a little-endian uint32, Data2 and Data3 as little-endian
 * uint16, Data4 as written - through DataView, not through the codec's index table.
 */
const referenceBytes = (guid: string): Uint8Array => {
  const [d1, d2, d3, d4, d5] = guid.split('-') as [string, string, string, string, string];
  const buf = new ArrayBuffer(16);
  const view = new DataView(buf);
  view.setUint32(0, Number.parseInt(d1, 16), true);
  view.setUint16(4, Number.parseInt(d2, 16), true);
  view.setUint16(6, Number.parseInt(d3, 16), true);
  const tail = d4 + d5;
  for (let i = 0; i < 8; i++) view.setUint8(8 + i, Number.parseInt(tail.slice(i * 2, i * 2 + 2), 16));
  return new Uint8Array(buf);
};
const referenceImmutableId = (guid: string): string => Buffer.from(referenceBytes(guid)).toString('base64');
const referenceConnectorDn = (id: string): string =>
  `CN={${Buffer.from(id, 'ascii').toString('hex').toUpperCase()}}`;

const JANE = '00aa00aa-bb11-cc22-dd33-44ee44ee44ee';
const JANE_ID = 'qgCqABG7IszdM0TuRO5E7g==';
const JANE_HEX = 'AA 00 AA 00 11 BB 22 CC DD 33 44 EE 44 EE 44 EE';
const JANE_CS = 'CN={716743714142473749737A644D305475524F354537673D3D}';

describe('published examples (reference/graph.md)', () => {
  it('reorders the first three GUID groups (Guid.ToByteArray order)', () => {
    expect(guidToImmutableId(JANE)).toBe(JANE_ID);
  });
  it('is not the naive big-endian encoding', () => {
    const naive = Buffer.from(JANE.replace(/-/g, ''), 'hex').toString('base64');
    expect(naive).toBe('AKoAqrsRzCLdM0TuRO5E7g==');
    expect(guidToImmutableId(JANE)).not.toBe(naive);
    // The wrong value is itself a valid ImmutableID - of a different GUID.
    expect(immutableIdToGuid('AKoAqrsRzCLdM0TuRO5E7g==')).toBe('aa00aa00-11bb-22cc-dd33-44ee44ee44ee');
  });
  it.each([
    ['SV+BWQuSnU6tbIK1OqTBAg==', '59815f49-920b-4e9d-ad6c-82b53aa4c102'],
    ['IkTni9mw7Ee4YefeGpz7IA==', '8be74422-b0d9-47ec-b861-e7de1a9cfb20'],
    [JANE_ID, JANE],
  ])('%s is the GUID %s and round-trips through every form', (id, guid) => {
    const d = decodeAnchor(id);
    expect(d.detectedForm).toBe('immutableId');
    expect(d.guid).toBe(guid);
    expect(referenceImmutableId(guid)).toBe(id);
    expect(decodeAnchor(d.guid).immutableId).toBe(id);
    expect(decodeAnchor(d.hex).immutableId).toBe(id);
    expect(decodeAnchor(d.ldapEscaped).immutableId).toBe(id);
    expect(decodeAnchor(d.connectorSpaceDn).immutableId).toBe(id);
    expect(d.connectorSpaceDn).toBe(referenceConnectorDn(id));
  });
});

describe('every input form of the same anchor', () => {
  it.each([
    ['dashed lower case', JANE, 'guid'],
    ['dashed upper case', JANE.toUpperCase(), 'guid'],
    ['braces', `{${JANE}}`, 'guid'],
    ['braces upper case', `{${JANE.toUpperCase()}}`, 'guid'],
    ['no dashes (Guid "N")', JANE.replace(/-/g, ''), 'guid'],
    ['braces, no dashes', `{${JANE.replace(/-/g, '')}}`, 'guid'],
    ['surrounding spaces', `  ${JANE}\t`, 'guid'],
    ['ImmutableID', JANE_ID, 'immutableId'],
    ['ImmutableID with spaces', ` ${JANE_ID} `, 'immutableId'],
    ['ADSI Edit hex', JANE_HEX, 'hex'],
    ['lower-case hex', JANE_HEX.toLowerCase(), 'hex'],
    ['LDAP escapes', '\\aa\\00\\aa\\00\\11\\bb\\22\\cc\\dd\\33\\44\\ee\\44\\ee\\44\\ee', 'hex'],
    [
      '0x comma list',
      JANE_HEX.split(' ')
        .map((b) => `0x${b}`)
        .join(','),
      'hex',
    ],
    [
      '0x space list',
      JANE_HEX.split(' ')
        .map((b) => `0x${b}`)
        .join(' '),
      'hex',
    ],
    ['colon-separated', JANE_HEX.replace(/ /g, ':'), 'hex'],
    ['dash-separated bytes', JANE_HEX.replace(/ /g, '-'), 'hex'],
    ['connector-space DN', JANE_CS, 'connectorSpace'],
    ['connector-space DN lower case', JANE_CS.toLowerCase(), 'connectorSpace'],
    ['connector-space braces only', JANE_CS.slice(3), 'connectorSpace'],
    ['connector-space bare hex', JANE_CS.slice(4, -1), 'connectorSpace'],
  ])('%s', (_name, input, form) => {
    const d = decodeAnchor(input);
    expect(d.detectedForm).toBe(form);
    expect(d.guid).toBe(JANE);
    expect(d.immutableId).toBe(JANE_ID);
    expect(d.hex).toBe(JANE_HEX);
    expect(d.ldapEscaped).toBe('\\aa\\00\\aa\\00\\11\\bb\\22\\cc\\dd\\33\\44\\ee\\44\\ee\\44\\ee');
    expect(d.connectorSpaceDn).toBe(JANE_CS);
    expect(Array.from(d.bytes)).toEqual(Array.from(referenceBytes(JANE)));
  });

  it('normalises GUIDs to lower case, dashed, without braces', () => {
    expect(normaliseGuid(`{${JANE.toUpperCase().replace(/-/g, '')}}`)).toBe(JANE);
  });
});

describe('1,000 random GUIDs against an independent byte order', () => {
  const guids = Array.from({ length: 1000 }, () => randomUUID());
  it('guid -> ImmutableID matches the reference and decodes back', () => {
    for (const g of guids) {
      const id = guidToImmutableId(g);
      expect(id).toBe(referenceImmutableId(g));
      expect(immutableIdToGuid(id)).toBe(g);
      expect(Array.from(guidToBytes(g))).toEqual(Array.from(referenceBytes(g)));
      const d = decodeAnchor(id);
      expect(decodeAnchor(d.hex).guid).toBe(g);
      expect(decodeAnchor(d.connectorSpaceDn).guid).toBe(g);
      expect(decodeAnchor(`{${g.toUpperCase()}}`).immutableId).toBe(id);
    }
  });
  it('raw bytes (as LDAP returns them) -> every form and back', () => {
    for (let i = 0; i < 1000; i++) {
      const bytes = new Uint8Array(randomBytes(16));
      const d = fromBytes(bytes);
      expect(d.immutableId).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(referenceBytes(d.guid))).toEqual(Array.from(bytes));
      expect(bytesToGuid(bytes)).toBe(d.guid);
      expect(Array.from(immutableIdToBytes(d.immutableId))).toEqual(Array.from(bytes));
      expect(immutableIdToConnectorSpaceDn(d.immutableId)).toBe(referenceConnectorDn(d.immutableId));
    }
  });
});

const failure = (input: string): DomainError => {
  try {
    decodeAnchor(input);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error(`decoded without error: ${input}`);
};

describe('invalid input -> IMMUTABLE_ID.INVALID naming the problem', () => {
  it.each([
    ['empty', '', 'the value is empty'],
    ['only spaces', '   ', 'the value is empty'],
    ['dollar', '$', "'$' is not allowed"],
    ['underscore', '_', "'_' is not allowed"],
    ['dollar inside base64', 'qgCqABG7IszdM0Tu$O5E7g==', "'$' is not a base64 character"],
    ['url-safe base64', 'qgCqABG7IszdM0TuRO5E7g_=', "'_' is not a base64 character"],
    ['base64 one short', 'qgCqABG7IszdM0TuRO5E7g=', 'got 23 characters'],
    ['base64 too long', 'qgCqABG7IszdM0TuRO5E7gAA==', 'got 26 characters'],
    ['non-canonical base64', 'qgCqABG7IszdM0TuRO5E7h==', 'not canonical base64'],
    ['GUID one digit short', JANE.slice(0, -1), '31 hex digits: a GUID has 32'],
    ['GUID one digit long', `${JANE}0`, '33 hex digits: a GUID has 32'],
    ['GUID with a stray dash', `${JANE}-`, 'dashes go after hex digits 8, 12, 16 and 20'],
    [
      'GUID with a misplaced dash',
      '00aa00aabb11-cc22-dd33-44ee44ee44ee',
      'dashes go after hex digits 8, 12, 16 and 20',
    ],
    ['GUID with a non-hex digit', `${JANE.slice(0, -1)}g`, 'not a GUID (8-4-4-4-12 hex)'],
    ['too few hex bytes', 'AA 00 AA', '3 hex bytes: an anchor has 16'],
    ['17 hex bytes', `${JANE_HEX} 00`, '17 hex bytes: an anchor has 16'],
    ['short connector-space name', 'CN={00}', 'a connector-space name is 48 hex digits, got 2'],
    [
      'connector-space not spelling an ImmutableID',
      `CN={${'41'.repeat(24)}}`,
      'does not spell an ImmutableID',
    ],
    ['words', 'hello world', 'not a GUID (8-4-4-4-12 hex)'],
    ['10 KB of junk', 'x'.repeat(10_240), 'input is too long (10240 characters)'],
  ])('%s', (_name, input, reason) => {
    const e = failure(input);
    expect(e.code).toBe('IMMUTABLE_ID.INVALID');
    expect(e.message).toContain(reason);
    expect(e.message.length).toBeLessThan(200);
  });

  it('shows at most 40 characters of a long input in the details', () => {
    const e = failure('x'.repeat(10_240));
    expect(e.details['input']).toBe(`${'x'.repeat(40)}... (10240 characters)`);
  });

  it('refuses raw anchors that are not 16 bytes', () => {
    expect(() => fromBytes(new Uint8Array(15))).toThrow(/an anchor is 16 bytes, got 15/);
    expect(() => bytesToGuid(new Uint8Array(17))).toThrow(/16 bytes, got 17/);
  });
});
