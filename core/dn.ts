/**
 * Distinguished-name helpers for scope decisions and moves. AD compares DNs case-insensitively and
 * ignores spaces around separators, and people paste DNs with "OU=Sales, DC=corp": normalise before
 * comparing. Escaped commas (\,) inside an RDN value are respected.
 */

/** Split a DN into its RDNs at unescaped commas, each trimmed. */
export const splitDn = (dn: string): string[] => {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[i + 1];
      i++;
    } else if (c === ',') {
      parts.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '' || parts.length > 0) parts.push(current.trim());
  return parts;
};

const normaliseRdn = (rdn: string): string => {
  const eq = rdn.indexOf('=');
  if (eq < 0) return rdn.trim().toLowerCase();
  return `${rdn.slice(0, eq).trim()}=${rdn.slice(eq + 1).trim()}`.toLowerCase();
};

/** Lower-case, no spaces around separators: the form for comparison only (never for writes). */
export const normaliseDn = (dn: string): string => splitDn(dn).map(normaliseRdn).join(',');

export const sameDn = (a: string | null, b: string | null): boolean =>
  a !== null && b !== null && normaliseDn(a) === normaliseDn(b);

/** The first RDN as written, e.g. "CN=Jane Doe". */
export const rdnOf = (dn: string): string => splitDn(dn)[0] ?? '';

/** The container of an object, as written, e.g. "OU=Sales,DC=corp,DC=example". */
export const parentDn = (dn: string): string => splitDn(dn).slice(1).join(',');

/** Whether `dn` is `containerDn` itself or below it. */
export const isUnderOrEqual = (dn: string, containerDn: string): boolean => {
  const d = normaliseDn(dn);
  const c = normaliseDn(containerDn);
  return c !== '' && (d === c || d.endsWith(`,${c}`));
};

/** The DN an object gets when moved into `targetOuDn`. */
export const movedDn = (dn: string, targetOuDn: string): string => `${rdnOf(dn)},${targetOuDn.trim()}`;
