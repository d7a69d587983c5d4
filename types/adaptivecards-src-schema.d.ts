// adaptivecards-templating's typings import `adaptivecards/src/schema`, which resolves to the TypeScript
// *sources* shipped in the adaptivecards package; those do not compile under this project's strict
// settings (enums, CommonJS exports) and skipLibCheck does not cover .ts files. tsconfig `paths` points
// that one specifier here instead: the templating API only needs the card's shape.
export type IAdaptiveCard = Record<string, unknown>;
