import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { buildManifest, manifestProblems, packageZip } from '../../manifests/teams/teams-package';

const settings = { appId: '11111111-2222-4333-8444-555555555555', version: '1.2.3', domain: 'slt.example.org' };

describe('Teams app package', () => {
  test('the manifest is valid against the shipped v1.24 schema, with the icons at the right sizes', () => {
    const m = buildManifest(settings);
    expect(m.manifestVersion).toBe('1.24');
    expect(manifestProblems(m)).toEqual([]);
    const bot = (m.bots as { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[])[0]!;
    expect(bot.botId).toBe(settings.appId);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.commandLists[0]!.commands.map((c) => c.title)).toContain('agenda add');
    expect(bot.commandLists[0]!.commands.length).toBeLessThanOrEqual(10);
  });

  test('the schema check catches a broken manifest; our own checks catch what the schema does not', () => {
    const m = buildManifest(settings);
    delete m.id;
    (m as { validDomains: string[] }).validDomains = ['https://slt.example.org'];
    const problems = manifestProblems(m);
    expect(problems.some((p) => /required property 'id'/.test(p))).toBe(true);
    expect(problems).toContain('validDomains: "https://slt.example.org" must be a host name without https:// or a path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-icons-'));
    fs.writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(new PNG({ width: 100, height: 100 })));
    fs.copyFileSync('manifests/teams/outline.png', path.join(dir, 'outline.png'));
    expect(manifestProblems(buildManifest(settings), dir)).toEqual(['color.png: expected 192×192, is 100×100']);
  });

  test('the outline icon is white on transparent', () => {
    const png = PNG.sync.read(fs.readFileSync('manifests/teams/outline.png'));
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 3]! > 0) colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    expect([...colours]).toEqual(['255,255,255']);
    expect(png.data.filter((_, i) => i % 4 === 3).some((a) => a === 0)).toBe(true);
  });

  test('the zip is flat: manifest.json and the two icons', async () => {
    const zip = await JSZip.loadAsync(await packageZip(buildManifest(settings)));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const inside = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(inside.id).toBe(settings.appId);
  });
});
