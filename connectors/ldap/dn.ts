/**
 * Distinguished names as data (RFC 4514): escaping values when building DNs, parsing DNs people paste,
 * comparing them the way AD does (case-insensitive, spacing around separators ignored). No I/O, so the
 * in-memory directory shares it. (Sync scope is core/scope.ts's scopeOf.)
 */
import { invalidInput } from '../../core/errors.ts';

export interface Rdn {
  readonly type: string;
  /** The unescaped value. */
  readonly value: string;
}

const MAX_DN = 4096;

/** Escape an attribute value for use in a DN (RFC 4514 section 2.4), e.g. `Smith, John` -> `Smith\, John`. */
export const escapeDnValue = (value: string): string => {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = ch.charCodeAt(0);
    if (code === 0) out += '\\00';
    else if ('"+,;<>\\='.includes(ch)) out += `\\${ch}`;
    else if ((i === 0 && (ch === ' ' || ch === '#')) || (i === value.length - 1 && ch === ' '))
      out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
};

/** Parse a DN string into RDNs (multi-valued RDNs are not used in AD and are refused). */
export const parseDn = (dn: string): Rdn[] => {
  if (dn.length > MAX_DN) throw invalidInput(`a distinguished name is at most ${MAX_DN} characters`);
  const rdns: Rdn[] = [];
  let i = 0;
  const bad = (why: string) => invalidInput(`not a distinguished name (${why}): ${dn.slice(0, 80)}`);
  while (i < dn.length) {
    while (dn[i] === ' ') i++;
    const eq = dn.indexOf('=', i);
    if (eq < 0) throw bad('missing "="');
    const type = dn.slice(i, eq).trim();
    if (!/^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/.test(type)) throw bad(`bad attribute type "${type}"`);
    i = eq + 1;
    const bytes: number[] = [];
    let trailingSpaces = 0;
    while (i < dn.length && dn[i] !== ',' && dn[i] !== ';') {
      const ch = dn[i]!;
      if (ch === '+') throw bad('multi-valued RDN');
      if (ch === '\\') {
        const hex = /^[0-9a-fA-F]{2}/.exec(dn.slice(i + 1, i + 3));
        if (hex !== null) {
          bytes.push(Number.parseInt(hex[0], 16));
          i += 3;
        } else if (i + 1 < dn.length) {
          bytes.push(...Buffer.from(dn[i + 1]!, 'utf8'));
          i += 2;
        } else throw bad('dangling backslash');
        trailingSpaces = 0;
        continue;
      }
      if (ch === '"' || ch === '<' || ch === '>' || ch === '=') throw bad(`unescaped '${ch}'`);
      trailingSpaces = ch === ' ' ? trailingSpaces + 1 : 0;
      const cp = dn.codePointAt(i)!;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i += cp > 0xffff ? 2 : 1;
    }
    const value = Buffer.from(bytes.slice(0, bytes.length - trailingSpaces)).toString('utf8');
    if (value === '') throw bad(`empty value for ${type}`);
    rdns.push({ type, value });
    if (i < dn.length) {
      i++;
      if (i >= dn.length) throw bad('trailing separator');
    }
  }
  if (rdns.length === 0) throw bad('empty');
  return rdns;
};

/** Build a DN string from RDNs, escaping every value. */
export const formatDn = (rdns: readonly Rdn[]): string =>
  rdns.map((r) => `${r.type}=${escapeDnValue(r.value)}`).join(',');

/** A comparable key for a DN: types and values case-folded, escaping and spacing normalised. */
export const normaliseDn = (dn: string): string =>
  formatDn(parseDn(dn).map((r) => ({ type: r.type.toLowerCase(), value: r.value.toLowerCase() })));

/** The parent of a DN (everything after the first RDN), or null for a single-RDN DN. */
export const parentDn = (dn: string): string | null => {
  const rdns = parseDn(dn);
  return rdns.length > 1 ? formatDn(rdns.slice(1)) : null;
};

/** Whether `dn` equals `ancestor` or lies below it. */
export const isDnWithin = (dn: string, ancestor: string): boolean => {
  const d = normaliseDn(dn);
  const a = normaliseDn(ancestor);
  return d === a || d.endsWith(`,${a}`);
};
