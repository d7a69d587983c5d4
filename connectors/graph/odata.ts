/**
 * The one place user text becomes OData. Values only ever enter a `$filter` through {@link odataFilter},
 * which quotes each one as an OData string literal (a `'` doubled), and query strings are only built by
 * {@link buildQuery}, which percent-encodes every value - base64's `+ / =` included, the trap that made
 * SDKs turn `+` into a space and silently find nothing (msgraph-sdk-powershell #1339, #2973).
 */

/** An OData string literal: `O'Brien` -> `'O''Brien'`. */
export const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * Tagged template for `$filter` expressions: every interpolated value is a string literal, never syntax.
 * `odataFilter\`onPremisesImmutableId eq ${id}\`` -> `onPremisesImmutableId eq 'a+b/c=='`.
 */
export const odataFilter = (parts: TemplateStringsArray, ...values: readonly string[]): string =>
  parts.reduce((out, part, i) => out + part + (i < values.length ? odataString(values[i] ?? '') : ''), '');

export type QueryValue = string | number | boolean | readonly string[] | undefined;

/**
 * `?$filter=...&$select=a,b` with every value percent-encoded (RFC 3986 unreserved characters only), so
 * a `+` in a filter arrives as `+` and not as a space. Keys keep their `$`; undefined values are left out.
 */
export const buildQuery = (params: Readonly<Record<string, QueryValue>>): string => {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, Exclude<QueryValue, undefined>] => entry[1] !== undefined)
    .map(([key, value]) => {
      const text = Array.isArray(value) ? value.join(',') : String(value);
      return `${key}=${encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
    });
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
};

/** A path segment (object id or UPN): encoded so `#`, `/` or `?` in a UPN cannot change the request. */
export const pathSegment = (value: string): string => encodeURIComponent(value).replace(/'/g, '%27');
