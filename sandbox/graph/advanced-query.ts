/**
 * Graph's advanced-query rules for directory objects, as learn.microsoft.com/graph/aad-advanced-queries
 * documents them (GDC concepts/aad-advanced-queries.md, "Query scenarios that require advanced query
 * capabilities" and "Error handling for advanced queries"): some operators, `$search` and OData casts on
 * transitive lists work only with the header `ConsistencyLevel: eventual` AND `$count=true`; without
 * them Graph refuses with the texts below, or - for a bare `$count=true` - silently leaves the count out.
 */
import type { SimRequest } from './sim-http.ts';
import { SimTenantError } from './tenant-types.ts';

export const hasEventualHeader = (req: SimRequest): boolean =>
  req.headers['consistencylevel']?.toLowerCase() === 'eventual';

/** Both advanced query parameters: the header and `$count=true`. */
export const isAdvanced = (req: SimRequest): boolean =>
  hasEventualHeader(req) && req.query.get('$count') === 'true';

/**
 * Whether to answer `@odata.count`: "If the ConsistencyLevel=eventual header is not specified, the
 * request ... silently ignores the $count query parameter (?$count=true)" (the doc's "silent fail" example).
 */
export const countAnswered = (req: SimRequest): boolean => isAdvanced(req);

/** The documented refusal of an operator that needs the advanced query parameters (verbatim, endsWith example). */
export const advancedOnlyOperator = (operator: string): SimTenantError =>
  new SimTenantError(
    400,
    'Request_UnsupportedQuery',
    `Operator '${operator}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
  );

/** Refuse `operators` (ne / not / endsWith found in the filter) unless the request is an advanced query. */
export const requireAdvancedForOperators = (req: SimRequest, operators: readonly string[]): void => {
  const first = operators[0];
  if (first !== undefined && !isAdvanced(req)) throw advancedOnlyOperator(first);
};

/**
 * An OData cast or a `$filter` on a transitive membership list ("Use of OData cast with transitive members
 * list"; user-list-transitivememberof: "This header and $count are required when using the $search,
 * $filter, $orderby, or OData cast query parameters"). The doc names the error (Request_UnsupportedQuery)
 * but not its text for this case: the wording is modelled on the documented operator refusal.
 */
export const requireAdvancedForTransitive = (req: SimRequest, what: 'OData cast' | '$filter'): void => {
  if (isAdvanced(req)) return;
  throw new SimTenantError(
    400,
    'Request_UnsupportedQuery',
    `${what === 'OData cast' ? 'The OData cast' : 'The $filter'} on a transitive membership list is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
  );
};

/**
 * `$search` on directory objects: the header is required (verbatim error from the doc). The value is
 * `"property:text"` clauses joined by OR/AND; the simulator matches each as a case-insensitive substring,
 * close enough to Graph's tokenized search for a test to tell found from not found. A value without
 * such a clause is refused (simulator wording).
 */
export const searchClauses = (req: SimRequest): readonly { property: string; text: string }[] | null => {
  const raw = req.query.get('$search');
  if (raw === null) return null;
  if (!hasEventualHeader(req)) {
    throw new SimTenantError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const clauses = [...raw.matchAll(/"([A-Za-z]+):([^"]*)"/g)].map((m) => ({
    property: m[1] ?? '',
    text: (m[2] ?? '').toLowerCase(),
  }));
  if (clauses.length === 0)
    throw new SimTenantError(400, 'Request_UnsupportedQuery', "Syntax error: character '\"' is not valid.");
  return clauses;
};

/** Whether `record` matches any `$search` clause. */
export const matchesSearch = (
  record: object,
  clauses: readonly { property: string; text: string }[],
): boolean =>
  clauses.some((c) => {
    const v = (record as Record<string, unknown>)[c.property];
    return typeof v === 'string' && v.toLowerCase().includes(c.text);
  });
