import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TeamsAppManifest } from '@microsoft/app-manifest';
import { COMMANDS, helpCard, manifestCommands } from '../../../dialogs/commands.ts';
import { textOf } from './harness.ts';
import { buildAppPackage } from '../../../appPackage/tools/package.ts';
import { MANIFEST_PATH, resolvePlaceholders, validateManifest } from '../../../appPackage/tools/manifest.ts';
import { pngInfo } from '../../../appPackage/tools/png.ts';

const dir = join(import.meta.dirname, '../../../appPackage');
const raw = readFileSync(MANIFEST_PATH, 'utf8');
const VARS = {
  APP_VERSION: '1.2.3',
  TEAMS_APP_ID: '4f7c1c2e-9b1d-4a55-8d0e-3b2a1c9d8e7f',
  BOT_ID: '9d2b3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  BOT_DOMAIN: 'hardmatch.contoso.com',
  APP_NAME_SUFFIX: '',
  DEVELOPER_NAME: 'Contoso IT',
  DEVELOPER_WEBSITE_URL: 'https://contoso.com',
  DEVELOPER_PRIVACY_URL: 'https://contoso.com/privacy',
  DEVELOPER_TERMS_URL: 'https://contoso.com/terms',
};

/** Entries of a ZIP file, read from its central directory (checks our writer against the format). */
const unzip = (file: Buffer): Map<string, Buffer> => {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = file.readUInt16LE(end + 10);
  let p = file.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = file.readUInt32LE(p + 20);
    const nameLen = file.readUInt16LE(p + 28);
    const local = file.readUInt32LE(p + 42);
    const name = file.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(file.subarray(dataStart, dataStart + size)));
    p += 46 + nameLen;
  }
  return out;
};

describe('Teams app package', () => {
  it('the manifest uses Agents Toolkit placeholders for ids and validates against the schema once resolved', async () => {
    const { text, missing } = resolvePlaceholders(raw, VARS);
    expect(missing).toEqual([]);
    expect(raw).toContain('"id": "${{TEAMS_APP_ID}}"');
    expect(raw).toContain('"botId": "${{BOT_ID}}"');
    const manifest = JSON.parse(text) as TeamsAppManifest;
    expect(await validateManifest(manifest)).toEqual([]);
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.19);
    expect(await validateManifest({ ...manifest, id: 'not-a-guid' })).not.toEqual([]);
  });

  it('the bot works in personal, team and group chat; its command list is the command table', () => {
    const manifest = JSON.parse(resolvePlaceholders(raw, VARS).text) as TeamsAppManifest;
    const bot = manifest.bots![0]!;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    // The manifest is a file Teams reads as it is: it must say exactly what the table says.
    expect(bot.commandLists![0]!.commands).toEqual(manifestCommands());
  });

  it('the help card lists every command of the table, with its usage and summary', () => {
    const help = textOf(helpCard());
    for (const c of COMMANDS) {
      expect(help).toContain(c.usage);
      expect(help).toContain(c.summary);
    }
  });

  it('icons: color 192x192, outline 32x32 white on transparent', () => {
    const color = readFileSync(join(dir, 'color.png'));
    const outline = readFileSync(join(dir, 'outline.png'));
    expect(pngInfo(color)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngInfo(outline)).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('a missing placeholder value is named, never blanked', () => {
    expect(resolvePlaceholders('{"a":"${{BOT_ID}}","b":"${{NOPE}}"}', { BOT_ID: 'x' })).toEqual({
      text: '{"a":"x","b":"${{NOPE}}"}',
      missing: ['NOPE'],
    });
  });

  it('builds a zip with the resolved manifest and both icons', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hm-pkg-'));
    const built = await buildAppPackage('test-none', VARS, out);
    const entries = unzip(readFileSync(built.path));
    expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(JSON.parse(entries.get('manifest.json')!.toString('utf8')).bots[0].botId).toBe(VARS.BOT_ID);
    expect(entries.get('color.png')!.equals(readFileSync(join(dir, 'color.png')))).toBe(true);
    await expect(buildAppPackage('test-none', { ...VARS, BOT_ID: undefined }, out)).rejects.toThrow(/BOT_ID/);
  });
});
