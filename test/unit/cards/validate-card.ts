/**
 * Offline validation of a rendered card with the Adaptive Cards SDK's own parser (the `adaptivecards`
 * package, as the Designer and the Agents Playground use it): parse at the card's version and collect
 * every parse and validation event.
 */
import { createRequire } from 'node:module';

// The package's ESM build has extension-less imports Node cannot resolve; its UMD bundle loads fine.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js');

/**
 * Events that are not errors for Teams: the SDK dates `choices.data` (Data.Query type-ahead) to schema
 * 1.6, while Teams documents and supports it from 1.5, the version every card here uses.
 */
const TEAMS_ALLOWED = [
  /^Property "choices\.data" is supported in version 1\.6/,
  // A type-ahead ChoiceSet gets its choices from Data.Query; ours are checked below instead.
  /^An Input\.ChoiceSet must have at least one choice defined\./,
];

/** ChoiceSets with neither static choices nor a Data.Query data set: nothing to choose from. */
const emptyChoiceSets = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) node.forEach((n) => emptyChoiceSets(n, out));
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o['type'] === 'Input.ChoiceSet') {
      const hasChoices = Array.isArray(o['choices']) && o['choices'].length > 0;
      const query = o['choices.data'] as { type?: unknown; dataset?: unknown } | undefined;
      if (!hasChoices && !(query?.type === 'Data.Query' && typeof query.dataset === 'string'))
        out.push(`Input.ChoiceSet ${String(o['id'])} has no choices and no Data.Query`);
    }
    Object.values(o).forEach((v) => emptyChoiceSets(v, out));
  }
  return out;
};

export const cardProblems = (card: object): string[] => {
  const version = String((card as { version?: unknown }).version);
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(AC.Version.parse(version, new AC.SerializationContext()));
  ac.parse(card, ctx);
  const messages: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) messages.push(String(ctx.getEventAt(i).message));
  for (const e of ac.validateProperties().validationEvents) messages.push(String(e.message));
  return [...messages.filter((m) => !TEAMS_ALLOWED.some((re) => re.test(m))), ...emptyChoiceSets(card)];
};
