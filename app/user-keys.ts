/** How a typed AD user reference becomes an exact OnPremUserKey: by its shape, never by guessing. */
import type { OnPremUserKey } from '../core/ports.ts';

const GUID_RE = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** GUID -> objectGUID; `CN=...,DC=...` -> DN; contains @ -> UPN; else sAMAccountName (DOMAIN\ stripped). */
export const onPremKeyOf = (text: string): OnPremUserKey => {
  const v = text.trim();
  if (GUID_RE.test(v)) return { kind: 'guid', value: v.replace(/[{}]/g, '').toLowerCase() };
  if (/^(cn|ou|uid)=/i.test(v) && /,\s*dc=/i.test(v)) return { kind: 'dn', value: v };
  if (v.includes('@')) return { kind: 'upn', value: v };
  const backslash = v.lastIndexOf('\\');
  return { kind: 'sam', value: backslash >= 0 ? v.slice(backslash + 1) : v };
};
