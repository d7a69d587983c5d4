/**
 * A small OData `$filter` parser and evaluator for the forms directory queries use: `eq`, `ne`, `not`,
 * `startswith`, `endswith`, `and`/`or`, parentheses and `any()` lambdas over collections (proxyAddresses,
 * onPremisesProvisioningErrors). Anything else is refused the way Graph refuses it, so a connector
 * that drifts from the supported forms fails in tests rather than in a tenant. `ne`, `not` and
 * `endsWith` are advanced-query operators (learn.microsoft.com/graph/aad-advanced-queries): the parser
 * reports them ({@link advancedOperators}) so the routes refuse them without ConsistencyLevel + $count.
 */
import { SimTenantError } from './tenant-types.ts';

type Literal = string | boolean | null | number;

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'eq' | 'ne'; readonly path: readonly string[]; readonly value: Literal }
  | { readonly kind: 'startswith' | 'endswith'; readonly path: readonly string[]; readonly value: string }
  | { readonly kind: 'not'; readonly body: FilterNode }
  | {
      readonly kind: 'any';
      readonly collection: string;
      readonly variable: string;
      readonly body: FilterNode;
    };

/** Which properties of a resource can be filtered, and how (Graph supports different operators per property). */
export interface FilterSchema {
  /** Graph's resource name for messages, e.g. `User`. */
  readonly resource: string;
  readonly eq: ReadonlySet<string>;
  readonly startswith: ReadonlySet<string>;
  /** endsWith works only for mail, otherMails, userPrincipalName and proxyAddresses (aad-advanced-queries). */
  readonly endswith?: ReadonlySet<string>;
  /** Collections usable with any(); the lambda body may use eq/startswith on the variable or its sub-properties. */
  readonly any: ReadonlySet<string>;
  /** Properties compared case-sensitively (everything else compares like the directory: ignoring case). */
  readonly caseSensitive: ReadonlySet<string>;
}

type Token =
  | { readonly t: 'id'; readonly v: string; readonly at: number }
  | { readonly t: 'str'; readonly v: string; readonly at: number }
  | { readonly t: 'lit'; readonly v: Literal; readonly at: number }
  | { readonly t: 'punct'; readonly v: '(' | ')' | ',' | ':'; readonly at: number };

const syntaxError = (source: string, at: number): SimTenantError =>
  new SimTenantError(
    400,
    'BadRequest',
    `Invalid filter clause: Syntax error at position ${at} in '${source}'.`,
  );

export const unsupported = (property: string, resource: string): SimTenantError =>
  new SimTenantError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
  );

const tokenize = (source: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === ' ') {
      i++;
    } else if ('(),:'.includes(c)) {
      tokens.push({ t: 'punct', v: c as '(' | ')' | ',' | ':', at: i });
      i++;
    } else if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw syntaxError(source, start);
        const d = source.charAt(i);
        if (d === "'" && source.charAt(i + 1) === "'") {
          value += "'";
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ t: 'str', v: value, at: start });
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_./]*|^-?\d+/.exec(source.slice(i));
      if (m === null) throw syntaxError(source, i);
      const word = m[0];
      if (/^-?\d+$/.test(word)) tokens.push({ t: 'lit', v: Number(word), at: i });
      else if (word === 'true' || word === 'false') tokens.push({ t: 'lit', v: word === 'true', at: i });
      else if (word === 'null') tokens.push({ t: 'lit', v: null, at: i });
      else tokens.push({ t: 'id', v: word, at: i });
      i += word.length;
    }
  }
  return tokens;
};

/** Parse `source` against `schema`; throws Graph's BadRequest / Request_UnsupportedQuery errors. */
export const parseFilter = (source: string, schema: FilterSchema): FilterNode => {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (): never => {
    throw syntaxError(source, peek()?.at ?? source.length);
  };
  const expectPunct = (v: string): void => {
    const t = peek();
    if (t?.t !== 'punct' || t.v !== v) fail();
    pos++;
  };
  const isWord = (w: string): boolean => {
    const t = peek();
    return t?.t === 'id' && t.v.toLowerCase() === w;
  };
  const literal = (): Literal => {
    const t = peek();
    if (t === undefined || (t.t !== 'str' && t.t !== 'lit')) return fail();
    pos++;
    return t.v;
  };
  const propertyPath = (variable: string | null, op: 'eq' | 'startswith' | 'endswith'): string[] => {
    const t = peek();
    if (t?.t !== 'id') return fail();
    pos++;
    const path = t.v.split('/');
    const root = path[0] ?? '';
    const allowed =
      op === 'eq' ? schema.eq : op === 'startswith' ? schema.startswith : (schema.endswith ?? new Set());
    if (variable !== null && root === variable) return path;
    if (path.length !== 1 || !allowed.has(root)) throw unsupported(root, schema.resource);
    return path;
  };

  const primary = (variable: string | null): FilterNode => {
    const t = peek();
    if (t?.t === 'punct' && t.v === '(') {
      pos++;
      const inner = orExpr(variable);
      expectPunct(')');
      return inner;
    }
    if (isWord('not')) {
      pos++;
      return { kind: 'not', body: primary(variable) };
    }
    for (const fn of ['startswith', 'endswith'] as const) {
      if (!isWord(fn)) continue;
      pos++;
      expectPunct('(');
      const path = propertyPath(variable, fn);
      expectPunct(',');
      const value = literal();
      expectPunct(')');
      if (typeof value !== 'string') return fail();
      return { kind: fn, path, value };
    }
    if (t?.t === 'id' && t.v.endsWith('/any')) {
      pos++;
      const collection = t.v.slice(0, -'/any'.length);
      if (!schema.any.has(collection)) throw unsupported(collection, schema.resource);
      expectPunct('(');
      const v = peek();
      if (v?.t !== 'id') return fail();
      pos++;
      expectPunct(':');
      const body = orExpr(v.v);
      expectPunct(')');
      return { kind: 'any', collection, variable: v.v, body };
    }
    const path = propertyPath(variable, 'eq');
    const op = peek();
    if (op?.t !== 'id') return fail();
    if (op.v !== 'eq' && op.v !== 'ne') throw unsupported(path.join('/'), schema.resource);
    pos++;
    return { kind: op.v === 'eq' ? 'eq' : 'ne', path, value: literal() };
  };
  const andExpr = (variable: string | null): FilterNode => {
    let left = primary(variable);
    while (isWord('and')) {
      pos++;
      left = { kind: 'and', left, right: primary(variable) };
    }
    return left;
  };
  const orExpr = (variable: string | null): FilterNode => {
    let left = andExpr(variable);
    while (isWord('or')) {
      pos++;
      left = { kind: 'or', left, right: andExpr(variable) };
    }
    return left;
  };

  if (tokens.length === 0) fail();
  const tree = orExpr(null);
  if (pos !== tokens.length) fail();
  return tree;
};

const lookup = (record: unknown, path: readonly string[], vars: ReadonlyMap<string, unknown>): unknown => {
  const [root, ...rest] = path;
  let value: unknown =
    root !== undefined && vars.has(root) ? vars.get(root) : (record as Record<string, unknown>)[root ?? ''];
  for (const p of rest)
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[p] : undefined;
  return value;
};

const same = (a: unknown, b: Literal, caseSensitive: boolean): boolean =>
  typeof a === 'string' && typeof b === 'string' && !caseSensitive
    ? a.toLowerCase() === b.toLowerCase()
    : (a ?? null) === b;

/** Whether `record` satisfies the parsed filter. */
export const matchesFilter = (
  node: FilterNode,
  record: unknown,
  schema: FilterSchema,
  vars: ReadonlyMap<string, unknown> = new Map(),
): boolean => {
  switch (node.kind) {
    case 'and':
      return (
        matchesFilter(node.left, record, schema, vars) && matchesFilter(node.right, record, schema, vars)
      );
    case 'or':
      return (
        matchesFilter(node.left, record, schema, vars) || matchesFilter(node.right, record, schema, vars)
      );
    case 'eq':
    case 'ne': {
      const equal = same(
        lookup(record, node.path, vars),
        node.value,
        schema.caseSensitive.has(node.path[0] ?? ''),
      );
      return node.kind === 'eq' ? equal : !equal;
    }
    case 'not':
      return !matchesFilter(node.body, record, schema, vars);
    case 'startswith':
    case 'endswith': {
      const v = lookup(record, node.path, vars);
      if (typeof v !== 'string') return false;
      const [a, b] = [v.toLowerCase(), node.value.toLowerCase()];
      return node.kind === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'any': {
      const items = (record as Record<string, unknown>)[node.collection];
      if (!Array.isArray(items)) return false;
      return items.some((item: unknown) =>
        matchesFilter(node.body, record, schema, new Map([...vars, [node.variable, item]])),
      );
    }
  }
};

/** The first `eq` on `property` at the top level of an and-chain, so the simulator can use an index. */
export const indexableEq = (node: FilterNode, property: string): string | undefined => {
  if (
    node.kind === 'eq' &&
    node.path.length === 1 &&
    node.path[0] === property &&
    typeof node.value === 'string'
  )
    return node.value;
  if (node.kind === 'and') return indexableEq(node.left, property) ?? indexableEq(node.right, property);
  return undefined;
};

/** The value of a top-level `collection/any(x:x eq 'value')`, so the simulator can use an index. */
export const indexableAnyEq = (node: FilterNode, collection: string): string | undefined => {
  if (node.kind === 'any' && node.collection === collection) {
    const body = node.body;
    if (
      body.kind === 'eq' &&
      body.path.length === 1 &&
      body.path[0] === node.variable &&
      typeof body.value === 'string'
    )
      return body.value;
  }
  if (node.kind === 'and')
    return indexableAnyEq(node.left, collection) ?? indexableAnyEq(node.right, collection);
  return undefined;
};

/** The advanced-query operators (`ne`, `not`, `endsWith`) a filter uses, outermost first. */
export const advancedOperators = (node: FilterNode): string[] => {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...advancedOperators(node.left), ...advancedOperators(node.right)];
    case 'ne':
      return ['ne'];
    case 'not':
      return ['not', ...advancedOperators(node.body)];
    case 'endswith':
      return ['endsWith'];
    case 'any':
      return advancedOperators(node.body);
    default:
      return [];
  }
};
