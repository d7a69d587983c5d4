// The plan basis must cover every fact a blocking check reads: otherwise an approval could stay "fresh"
// while a check that blocks the plan now would have blocked it. This mutates one leaf of MatchFacts at a
// time (flip, change, drop, or take the value another scenario has there), re-runs the checks of every
// playbook in the registry, and reports each mutation that changes some check's block verdict but
// leaves planBasis(facts) equal. Used on the fixture scenarios (unit) and the sandbox's (integration).
import type { MatchFacts } from '../../core/facts.ts';
import type { Job } from '../../core/jobs/job-types.ts';
import { basisChanged, canonicalJson, planBasis } from '../../core/plan.ts';
import { blockingChecks } from '../../core/playbooks/seal.ts';
import { PLAYBOOKS } from '../../core/playbooks/registry.ts';

export interface NamedFacts {
  readonly name: string;
  readonly facts: MatchFacts;
}

type Path = readonly (string | number)[];
/** A value found at a path, or null for "no such key" (an optional fact not looked up). */
type Slot = { readonly value: unknown } | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const asArray = (v: unknown): readonly unknown[] | null => (Array.isArray(v) ? (v as unknown[]) : null);

/** Every path in `v` (objects, arrays and their elements, leaves), the root excluded. */
const pathsOf = (v: unknown, at: Path = []): Path[] => {
  const children: [string | number, unknown][] =
    asArray(v)?.map((x, i): [number, unknown] => [i, x]) ?? (isObject(v) ? Object.entries(v) : []);
  return children.flatMap(([k, x]) => [[...at, k], ...pathsOf(x, [...at, k])]);
};

const get = (v: unknown, path: Path): Slot => {
  let cur: unknown = v;
  for (const k of path) {
    const arr = asArray(cur);
    if (arr !== null && typeof k === 'number' && k < arr.length) cur = arr[k];
    else if (isObject(cur) && typeof k === 'string' && k in cur) cur = cur[k];
    else return null;
  }
  return { value: cur };
};

/** A copy of `v` with the value at `path` replaced (null: the key removed); undefined when the parent is missing. */
const set = (v: unknown, path: Path, slot: Slot): unknown => {
  const [k, ...rest] = path;
  const arr = asArray(v);
  if (arr !== null && typeof k === 'number' && k < arr.length && slot !== null) {
    const inner = rest.length === 0 ? slot.value : set(arr[k], rest, slot);
    return inner === undefined ? undefined : arr.map((x, i) => (i === k ? inner : x));
  }
  if (isObject(v) && typeof k === 'string' && (k in v || rest.length === 0)) {
    if (rest.length === 0 && slot === null) {
      const copy = { ...v };
      delete copy[k];
      return copy;
    }
    const inner = rest.length === 0 ? slot!.value : set(v[k], rest, slot);
    return inner === undefined ? undefined : { ...v, [k]: inner };
  }
  return undefined;
};

/** The changes tried on one value besides the other scenarios' values at the same place. */
const ownChanges = (v: unknown): unknown[] => {
  if (typeof v === 'boolean') return [!v];
  if (typeof v === 'number') return [v + 1];
  if (typeof v === 'string') return [`${v}x`, ''];
  const arr = asArray(v);
  if (arr === null || arr.length === 0) return [];
  return [[], [...arr, arr[0]], ...arr.map((_, i) => arr.filter((__, j) => j !== i))];
};

const idOf = (slot: Slot): string => (slot === null ? 'absent' : canonicalJson(slot.value));

/** One-leaf variations of `base`, each with a short description. */
export const mutations = (
  base: MatchFacts,
  donors: readonly MatchFacts[],
): { what: string; facts: MatchFacts }[] => {
  const key = (p: Path) => p.join('.');
  const paths = new Map<string, Path>();
  for (const f of [base, ...donors]) for (const p of pathsOf(f)) paths.set(key(p), p);
  const out: { what: string; facts: MatchFacts }[] = [];
  for (const path of paths.values()) {
    const own = get(base, path);
    const last = path.at(-1);
    const fromDonor = (d: MatchFacts): Slot[] => {
      const found = get(d, path);
      if (found !== null) return [found];
      // A donor without this key: an optional fact may be missing altogether (not looked up).
      return typeof last === 'string' && isObject(get(d, path.slice(0, -1))?.value) ? [null] : [];
    };
    const candidates: Slot[] = [
      ...(own === null ? [] : ownChanges(own.value).map((value) => ({ value }))),
      ...donors.flatMap(fromDonor),
    ];
    const seen = new Set<string>([idOf(own)]);
    for (const slot of candidates) {
      const id = idOf(slot);
      if (seen.has(id)) continue;
      seen.add(id);
      const changed = set(base, path, slot);
      if (changed === undefined) continue;
      out.push({ what: `${key(path)} = ${id.slice(0, 80)}`, facts: changed as MatchFacts });
    }
  }
  return out;
};

/** Every check that blocks some playbook of the registry on `facts` ("playbook:check"), sorted. */
export const blockVerdicts = (facts: MatchFacts, undoing: Job): string[] =>
  PLAYBOOKS.flatMap((p) =>
    blockingChecks(p, p.checks({ facts, undoing })).map((c) => `${p.name}:${c.id}`),
  ).sort();

export interface CoverageReport {
  /** Mutations that changed a block verdict but not the basis: each one is a gap in the basis. */
  readonly gaps: string[];
  /** How many mutations changed a block verdict at all (the test must exercise something). */
  readonly verdictChanges: number;
  readonly tried: number;
}

/** Mutate every scenario's facts leaf by leaf and report the verdict changes the basis does not see. */
export const basisCoverage = (scenarios: readonly NamedFacts[], undoing: Job): CoverageReport => {
  const gaps: string[] = [];
  let verdictChanges = 0;
  let tried = 0;
  for (const { name, facts } of scenarios) {
    const before = blockVerdicts(facts, undoing);
    const basis = planBasis(facts);
    const donors = scenarios.filter((s) => s.name !== name).map((s) => s.facts);
    for (const m of mutations(facts, donors)) {
      tried++;
      const after = blockVerdicts(m.facts, undoing);
      if (canonicalJson(after) === canonicalJson(before)) continue;
      verdictChanges++;
      if (basisChanged(basis, planBasis(m.facts)).length > 0) continue;
      const gained = after.filter((v) => !before.includes(v));
      const lost = before.filter((v) => !after.includes(v));
      gaps.push(
        `${name}: ${m.what} -> blocks +[${gained.join(', ')}] -[${lost.join(', ')}], basis unchanged`,
      );
    }
  }
  return { gaps, verdictChanges, tried };
};
