/**
 * The ImmutableID codec. An AD user's anchor (objectGUID or mS-DS-ConsistencyGuid) is 16 bytes in
 * .NET Guid.ToByteArray() order - what LDAP returns raw. The forms people meet:
 *   guid        00aa00aa-bb11-cc22-dd33-44ee44ee44ee (braces, no dashes, any case accepted): the first
 *               three groups are the byte-reversed (little-endian) first 8 bytes
 *   immutableId qgCqABG7IszdM0TuRO5E7g==   base64 of the bytes, as Entra stores it (case-sensitive)
 *   hex         AA 00 AA 00 11 BB ...       the bytes in order, as ADSI Edit / ldp / ldifde hex show
 *               them (also \aa\00... LDAP escapes, 0xAA,0x00... or colon-separated)
 *   connector   CN={71674371...}           Entra Connect's connector-space DN: hex of the ImmutableID's
 *               ASCII characters
 * A bare 32-digit hex string is read as a GUID without dashes (Guid.ToString("N")), not as bytes.
 */
import { DomainError } from './errors.ts';
import type { GuidString, ImmutableId } from './models.ts';

export type AnchorForm = 'guid' | 'immutableId' | 'hex' | 'connectorSpace';

export interface AnchorForms {
  readonly guid: GuidString;
  readonly immutableId: ImmutableId;
  /** Bytes in storage order, upper-case, space-separated (ADSI Edit's octet-string view). */
  readonly hex: string;
  /** The same bytes as LDAP filter escapes (\aa\00...), usable in an ldapsearch filter. */
  readonly ldapEscaped: string;
  /** Entra Connect connector-space DN of the object in the Entra connector. */
  readonly connectorSpaceDn: string;
}

export interface DecodedAnchor extends AnchorForms {
  readonly detectedForm: AnchorForm;
  readonly bytes: Uint8Array;
}

const MAX_INPUT = 200;
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64_RE = /^[A-Za-z0-9+/]{22}==$/;

const invalid = (reason: string, input: string): DomainError => {
  const shown = input.length > 40 ? `${input.slice(0, 40)}... (${input.length} characters)` : input;
  return new DomainError('IMMUTABLE_ID.INVALID', `Not a GUID or ImmutableID: ${reason}`, {
    details: { reason, input: shown },
  });
};

// Guid.ToByteArray(): Data1 (4 bytes), Data2 (2), Data3 (2) little-endian; Data4 (8) as written.
const GUID_BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;

const hexPairs = (hex: string): Uint8Array => {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
};

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** GUID string -> the 16 bytes in Guid.ToByteArray() order. */
export const guidToBytes = (guid: string): Uint8Array => {
  const compact = normaliseGuid(guid).replace(/-/g, '');
  const written = hexPairs(compact);
  return Uint8Array.from(GUID_BYTE_ORDER, (i) => written[i]!);
};

/** 16 bytes in Guid.ToByteArray() order -> canonical GUID string. */
export const bytesToGuid = (bytes: Uint8Array): GuidString => {
  if (bytes.length !== 16) throw invalid(`an objectGUID is 16 bytes, got ${bytes.length}`, toHex(bytes));
  const h = toHex(Uint8Array.from(GUID_BYTE_ORDER, (i) => bytes[i]!));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** Accepts a GUID with or without braces/dashes in any case; returns the canonical form. */
export const normaliseGuid = (input: string): GuidString => {
  let s = input.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (/^[0-9a-f]{32}$/i.test(s))
    s = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  if (!GUID_RE.test(s)) throw invalid('a GUID has 32 hexadecimal digits in groups of 8-4-4-4-12', input);
  return s.toLowerCase();
};

export const bytesToImmutableId = (bytes: Uint8Array): ImmutableId => Buffer.from(bytes).toString('base64');

export const immutableIdToBytes = (value: string): Uint8Array => {
  const s = value.trim();
  const bad = /[^A-Za-z0-9+/=]/.exec(s);
  if (bad !== null)
    throw invalid(`'${bad[0]}' is not a base64 character (allowed: A-Z a-z 0-9 + / =)`, value);
  if (!BASE64_RE.test(s)) {
    throw invalid(`an ImmutableID is 24 base64 characters ending in '==', got ${s.length} characters`, value);
  }
  const bytes = new Uint8Array(Buffer.from(s, 'base64'));
  // Canonical check: the last two bits of the 22nd character must be zero for exactly 16 bytes.
  if (bytesToImmutableId(bytes) !== s)
    throw invalid('not canonical base64 (its last character before == is off)', value);
  return bytes;
};

export const guidToImmutableId = (guid: string): ImmutableId => bytesToImmutableId(guidToBytes(guid));
export const immutableIdToGuid = (immutableId: string): GuidString =>
  bytesToGuid(immutableIdToBytes(immutableId));

/** Entra Connect's connector-space DN for an ImmutableID: CN={hex of its ASCII}. */
export const immutableIdToConnectorSpaceDn = (immutableId: string): string =>
  `CN={${toHex(new TextEncoder().encode(immutableId)).toUpperCase()}}`;

const allForms = (bytes: Uint8Array, detectedForm: AnchorForm): DecodedAnchor => {
  const immutableId = bytesToImmutableId(bytes);
  return {
    detectedForm,
    bytes,
    guid: bytesToGuid(bytes),
    immutableId,
    hex: Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' '),
    ldapEscaped: Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join(''),
    connectorSpaceDn: immutableIdToConnectorSpaceDn(immutableId),
  };
};

/** Every form of the anchor given as raw bytes (as read from LDAP). */
export const fromBytes = (bytes: Uint8Array): DecodedAnchor => {
  if (bytes.length !== 16) throw invalid(`an anchor is 16 bytes, got ${bytes.length}`, toHex(bytes));
  return allForms(bytes, 'hex');
};

const decodeConnectorSpace = (input: string, hex: string): Uint8Array => {
  if (hex.length !== 48) throw invalid(`a connector-space name is 48 hex digits, got ${hex.length}`, input);
  const ascii = new TextDecoder().decode(hexPairs(hex));
  try {
    return immutableIdToBytes(ascii);
  } catch {
    throw invalid('the connector-space hex does not spell an ImmutableID', input);
  }
};

// Every byte separated from the next (or 0x-prefixed): with optional separators a GUID with one dash
// misplaced would read as 16 bytes in storage order and silently give the wrong (big-endian) ImmutableID.
const SEPARATED_HEX_RE = /^(?:0x)?[0-9a-f]{2}(?:(?:[\s,:-]+|(?=0x))(?:0x)?[0-9a-f]{2}){15}[\s,]*$/i;
const ESCAPED_HEX_RE = /^(?:\\[0-9a-f]{2}){16}$/i;

/**
 * Detect which form `input` is in and decode it. Throws IMMUTABLE_ID.INVALID naming what is wrong.
 */
export const decodeAnchor = (input: string): DecodedAnchor => {
  if (input.length > MAX_INPUT) throw invalid(`input is too long (${input.length} characters)`, input);
  const s = input.trim();
  if (s === '') throw invalid('the value is empty', input);

  const cs = /^(?:CN=)?\{([0-9a-f]+)\}$/i.exec(s);
  if (cs !== null && cs[1] !== undefined && cs[1].length !== 32)
    return allForms(decodeConnectorSpace(input, cs[1]), 'connectorSpace');
  if (/^[0-9a-f]{48}$/i.test(s)) return allForms(decodeConnectorSpace(input, s), 'connectorSpace');

  if (GUID_RE.test(s) || /^\{[0-9a-f-]{32,36}\}$/i.test(s) || /^[0-9a-f]{32}$/i.test(s)) {
    return allForms(guidToBytes(s), 'guid');
  }
  if (ESCAPED_HEX_RE.test(s)) return allForms(hexPairs(s.replace(/\\/g, '')), 'hex');
  if (SEPARATED_HEX_RE.test(s) && /[\s,:-]|0x/i.test(s)) {
    return allForms(hexPairs(s.replace(/0x/gi, '').replace(/[\s,:-]/g, '')), 'hex');
  }
  if (s.endsWith('=') || /[+/]/.test(s) || s.length === 24)
    return allForms(immutableIdToBytes(s), 'immutableId');

  const bad = /[^A-Za-z0-9+/={}\\\s,:-]/.exec(s);
  if (bad !== null) throw invalid(`'${bad[0]}' is not allowed in any GUID or ImmutableID form`, input);
  if (/^\{?[0-9a-f-]+\}?$/i.test(s)) {
    const digits = s.replace(/[-{}]/g, '').length;
    if (digits === 32)
      throw invalid("a GUID's dashes go after hex digits 8, 12, 16 and 20 (8-4-4-4-12)", input);
    throw invalid(`${digits} hex digits: a GUID has 32`, input);
  }
  if (/^(?:(?:0x)?[0-9a-f]{2}[\s,:-]*)+$/i.test(s) && /[\s,:]|0x/i.test(s)) {
    const bytes = s.replace(/0x/gi, '').replace(/[\s,:-]/g, '').length / 2;
    throw invalid(`${bytes} hex bytes: an anchor has 16, each separated from the next`, input);
  }
  throw invalid(
    'not a GUID (8-4-4-4-12 hex), an ImmutableID (24 base64 characters), 16 hex bytes or a connector-space name',
    input,
  );
};
