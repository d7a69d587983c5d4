/**
 * Input rules for the connector's public methods: refuse what cannot be a Graph id, UPN or ImmutableID
 * before it reaches a URL, with a message a helpdesk person can act on (INPUT.INVALID).
 */
import { DomainError, invalidInput } from '../../core/errors.ts';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

export const isObjectId = (value: string): boolean => GUID_RE.test(value.trim());

export const requireObjectId = (value: string, what = 'object id'): string => {
  const v = value.trim();
  if (!GUID_RE.test(v))
    throw invalidInput(
      `'${v.slice(0, 80)}' is not a valid ${what} (a GUID like 00aa00aa-bb11-cc22-dd33-44ee44ee44ee)`,
    );
  return v.toLowerCase();
};

export const requireUpn = (value: string): string => {
  const v = value.trim();
  if (v.length > 113 || CONTROL_RE.test(v) || !UPN_RE.test(v)) {
    throw invalidInput(`'${v.slice(0, 80)}' is not a valid user principal name (name@domain)`);
  }
  return v;
};

/** An object id or a UPN, as Graph's /users/{id | userPrincipalName} accepts. */
export const requireIdOrUpn = (value: string): string =>
  isObjectId(value) ? requireObjectId(value) : requireUpn(value);

/** An ImmutableID as Entra stores it: base64, under 60 characters (the anchor rule), case kept. */
export const requireImmutableId = (value: string): string => {
  const v = value.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v) || v.length > 60 || v.length % 4 !== 0) {
    throw new DomainError(
      'IMMUTABLE_ID.INVALID',
      `'${v.slice(0, 80)}' is not an ImmutableID (base64, up to 60 characters)`,
    );
  }
  return v;
};

export const requirePrefix = (value: string): string => {
  const v = value.trim();
  if (v === '' || v.length > 100 || CONTROL_RE.test(v))
    throw invalidInput('type 1 to 100 characters to search for a cloud user');
  return v;
};

export const requireLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > 50)
    throw invalidInput('a search returns 1 to 50 users');
  return limit;
};
