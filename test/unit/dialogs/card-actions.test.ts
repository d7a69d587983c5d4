import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../../cards/verbs.ts';
import { CARD_ACTIONS, cardAction } from '../../../dialogs/card-actions.ts';

const TEMPLATES = join(import.meta.dirname, '..', '..', '..', 'cards', 'templates');

/** Every action of every card template: its type and the verb it sends (`${verbs.x}` resolved). */
const templateActions = (): { file: string; type: string; verb: string }[] => {
  const out: { file: string; type: string; verb: string }[] = [];
  const resolve = (v: unknown): string => {
    const m = /^\$\{(?:\$root\.)?verbs\.(\w+)\}$/.exec(String(v));
    return m === null ? String(v) : ((VERBS as Record<string, string>)[m[1]!] ?? `unknown verbs.${m[1]}`);
  };
  for (const file of readdirSync(TEMPLATES)) {
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n !== null && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o['type'] === 'Action.Execute') out.push({ file, type: 'execute', verb: resolve(o['verb']) });
        if (o['type'] === 'Action.Submit')
          out.push({ file, type: 'submit', verb: resolve((o['data'] as Record<string, unknown>)['verb']) });
        Object.values(o).forEach(walk);
      }
    };
    walk(JSON.parse(readFileSync(join(TEMPLATES, file), 'utf8')));
  }
  return out;
};

describe('the card-action table', () => {
  it('has exactly one entry per verb, and every verb has one', () => {
    const verbs = CARD_ACTIONS.map((a) => a.verb);
    expect(new Set(verbs).size).toBe(verbs.length);
    expect([...verbs].sort()).toEqual(Object.values(VERBS).sort());
  });

  it('answers every button of every card template, with the kind the button sends', () => {
    const actions = templateActions();
    expect(actions.length).toBeGreaterThan(10);
    for (const a of actions)
      expect(
        cardAction(a.type as 'execute' | 'submit', a.verb),
        `${a.file}: ${a.type} ${a.verb}`,
      ).toBeDefined();
  });

  it('knows nothing of a verb it does not list, nor of a verb sent with the other kind', () => {
    expect(cardAction('execute', 'hm.drop.tables')).toBeUndefined();
    expect(cardAction('execute', VERBS.fixCloudUser)).toBeUndefined();
    expect(cardAction('submit', VERBS.approve)).toBeUndefined();
    expect(cardAction('execute', { toString: () => VERBS.approve })).toBeUndefined();
  });
});
