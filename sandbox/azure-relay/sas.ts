/**
 * The Azure Relay service's side of Shared Access Signatures: parse `SharedAccessSignature sr=&sig=&se=&skn=`,
 * find the named rule, check its rights, the expiry and the HMAC-SHA256 over `<url-encoded sr>\n<se>` with
 * the rule's key (the key text itself is the HMAC key, as in Azure).
 *
 * The resource check follows the service: the token's `sr` must name the namespace host and the hybrid
 * connection (or a parent path of it). Scheme and port are not compared - hyco-https signs
 * `http://<ns>:443/<hc>` for listeners and senders sign `http://<ns>/<hc>`, and Azure accepts both.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type RelayRight = 'Listen' | 'Send';

export interface SasRule {
  readonly key: string;
  readonly rights: readonly RelayRight[];
}

export type SasCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const fields = (token: string): Map<string, string> | null => {
  const m = /^SharedAccessSignature\s+(.+)$/.exec(token.trim());
  if (m === null) return null;
  const out = new Map<string, string>();
  for (const part of m[1]!.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
};

const safeDecode = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

/** True when `resource` (the decoded `sr`) covers `/<path>` on `host`, ignoring scheme and port. */
const covers = (resource: string, host: string, path: string): boolean => {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    return false;
  }
  if (url.hostname.toLowerCase() !== host.toLowerCase()) return false;
  const granted = url.pathname.replace(/\/+$/, '').toLowerCase();
  const wanted = `/${path}`.toLowerCase();
  return granted === '' || wanted === granted || wanted.startsWith(`${granted}/`);
};

/** Validates `token` for `right` on hybrid connection `path` of namespace `host` (no port). */
export const checkSasToken = (
  token: string | undefined,
  rules: ReadonlyMap<string, SasRule>,
  right: RelayRight,
  host: string,
  path: string,
  now: Date = new Date(),
): SasCheck => {
  if (token === undefined || token === '') return { ok: false, reason: 'MissingToken' };
  const f = fields(token);
  const sr = f?.get('sr');
  const sig = f?.get('sig');
  const se = f?.get('se');
  const skn = f?.get('skn');
  if (sr === undefined || sig === undefined || se === undefined || skn === undefined || !/^\d+$/.test(se))
    return { ok: false, reason: 'MalformedToken' };
  const resource = safeDecode(sr);
  const signature = safeDecode(sig);
  if (resource === null || signature === null) return { ok: false, reason: 'MalformedToken' };
  const rule = rules.get(skn);
  if (rule === undefined) return { ok: false, reason: 'UnknownRule' };
  const expected = createHmac('sha256', rule.key)
    .update(`${encodeURIComponent(resource)}\n${se}`)
    .digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'InvalidSignature' };
  if (Number(se) * 1000 <= now.getTime()) return { ok: false, reason: 'ExpiredToken' };
  if (!covers(resource, host, path)) return { ok: false, reason: 'InvalidAudience' };
  if (!rule.rights.includes(right)) return { ok: false, reason: `MissingClaim:${right}` };
  return { ok: true };
};

/** Unix seconds at which a syntactically valid token expires (for closing listeners that never renew). */
export const sasExpiry = (token: string): number | null => {
  const se = fields(token)?.get('se');
  return se !== undefined && /^\d+$/.test(se) ? Number(se) : null;
};
