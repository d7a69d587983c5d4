/**
 * `npm run package`: resolve the manifest's placeholders for an environment (env/.env.<ENV>, then the
 * process environment), validate it against the schema, and zip it with the icons into
 * appPackage/build/appPackage.<ENV>.zip (and appPackage.zip). Usage: node appPackage/tools/package.ts [env]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TeamsAppManifest } from '@microsoft/app-manifest';
import {
  APP_PACKAGE_DIR,
  MANIFEST_PATH,
  readEnvFile,
  resolvePlaceholders,
  validateManifest,
} from './manifest.ts';
import { zip } from './zip.ts';

export interface BuiltPackage {
  readonly path: string;
  readonly manifest: TeamsAppManifest;
}

/** Build the package for `envName`; throws with every missing placeholder or schema error named. */
export const buildAppPackage = async (
  envName: string,
  environment: Readonly<Record<string, string | undefined>> = process.env,
  outDir = join(APP_PACKAGE_DIR, 'build'),
): Promise<BuiltPackage> => {
  const vars = { ...readEnvFile(join(APP_PACKAGE_DIR, '..', 'env', `.env.${envName}`)), ...environment };
  const { text, missing } = resolvePlaceholders(readFileSync(MANIFEST_PATH, 'utf8'), vars);
  if (missing.length > 0)
    throw new Error(
      `manifest placeholders without a value in env/.env.${envName} or the environment: ${missing.join(', ')}`,
    );
  const manifest = JSON.parse(text) as TeamsAppManifest;
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`manifest.json does not validate:\n  ${errors.join('\n  ')}`);
  const data = zip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    { name: 'color.png', data: readFileSync(join(APP_PACKAGE_DIR, 'color.png')) },
    { name: 'outline.png', data: readFileSync(join(APP_PACKAGE_DIR, 'outline.png')) },
  ]);
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, 'appPackage.zip');
  writeFileSync(join(outDir, `appPackage.${envName}.zip`), data);
  writeFileSync(path, data);
  return { path, manifest };
};

if (import.meta.main) {
  const envName = process.argv[2] ?? process.env['TEAMSFX_ENV'] ?? 'dev';
  buildAppPackage(envName).then(
    (p) => {
      process.stdout.write(
        `built ${p.path} (${p.manifest.name.short} ${p.manifest.version}, env ${envName})\n`,
      );
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
