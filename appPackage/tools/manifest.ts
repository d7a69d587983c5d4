/**
 * The Teams app manifest: Agents Toolkit placeholders (${{NAME}}) resolved from env/.env.<env> and the
 * process environment, then validated against the manifest JSON schema shipped in @microsoft/app-manifest
 * (offline: no schema download).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ManifestUtil, type TeamsAppManifest } from '@microsoft/app-manifest';

export const APP_PACKAGE_DIR = join(import.meta.dirname, '..');
export const MANIFEST_PATH = join(APP_PACKAGE_DIR, 'manifest.json');

const PLACEHOLDER = /\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g;

/** KEY=VALUE lines of an env file (comments and blank lines skipped); empty when the file is absent. */
export const readEnvFile = (path: string): Record<string, string> => {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m !== null && !line.trimStart().startsWith('#')) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
};

/** Replace every ${{NAME}}; names without a value are returned, never silently left or blanked. */
export const resolvePlaceholders = (
  text: string,
  vars: Readonly<Record<string, string | undefined>>,
): { readonly text: string; readonly missing: readonly string[] } => {
  const missing = new Set<string>();
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      missing.add(name);
      return whole;
    }
    return v;
  });
  return { text: out, missing: [...missing].sort() };
};

/** The manifest schema of `manifestVersion`, from the npm package's copy. */
type ManifestSchema = Parameters<typeof ManifestUtil.validateManifestAgainstSchema>[1];

export const manifestSchema = (manifestVersion: string): ManifestSchema => {
  const pkg = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  const path = join(
    pkg,
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
  // The published schema has a `\a` regex escape that JSON.parse accepts but ajv does not (same fix as
  // @microsoft/app-manifest's own fetchSchema).
  return JSON.parse(readFileSync(path, 'utf8').replace(/\\a/g, '\\x07')) as ManifestSchema;
};

/** Schema errors of a resolved manifest; empty when valid. */
export const validateManifest = async (manifest: TeamsAppManifest): Promise<string[]> =>
  ManifestUtil.validateManifestAgainstSchema(manifest, manifestSchema(manifest.manifestVersion));
