/**
 * The plan vocabulary and its seal: types, the basis an approval relies on, and the hash it binds to.
 * Which playbook fits and its steps are the playbooks' (playbooks/index.ts); this module only names.
 */
export type * from './plan-types.ts';
export { BASIS_FIELD_NAMES, basisChanged, canonicalJson, planBasis, planHash } from './plan-basis.ts';
