import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { execFileSync } from 'node:child_process';
import { localizableKeys, localizationProblems } from '../../manifests/teams/localization';
import { buildManifest, manifestProblems, packageZip } from '../../manifests/teams/teams-package';
import { ADD_TO_AGENDA } from '../../adapters/teams/message-extension';
import { FakeClock, replyText, testApp } from '../helpers';

const settings = { appId: '11111111-2222-4333-8444-555555555555', version: '1.2.3', domain: 'slt.example.org' };

describe('Teams app package', () => {
  test('the manifest is valid against the shipped v1.24 schema, with the icons at the right sizes', () => {
    const m = buildManifest(settings);
    expect(m.manifestVersion).toBe('1.24');
    expect(manifestProblems(m)).toEqual([]);
    const bot = (m.bots as { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[])[0]!;
    expect(bot.botId).toBe(settings.appId);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    // a command menu per scope, each within the ten commands every Teams client shows
    expect((bot.commandLists as unknown as { scopes: string[] }[]).map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of bot.commandLists) {
      expect(list.commands.map((c) => c.title)).toContain('agenda add');
      expect(list.commands.length).toBeLessThanOrEqual(10);
    }
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
    for (const f of ['outline.png', 'nn.json', 'en.json']) fs.copyFileSync(`manifests/teams/${f}`, path.join(dir, f));
    expect(manifestProblems(buildManifest(settings), dir)).toEqual(['color.png: expected 192×192, is 100×100']);
  });

  test('the outline icon is white on transparent', () => {
    const png = PNG.sync.read(fs.readFileSync('manifests/teams/outline.png'));
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 3]! > 0) colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    expect([...colours]).toEqual(['255,255,255']);
    expect(png.data.filter((_, i) => i % 4 === 3).some((a) => a === 0)).toBe(true);
  });

  test('the zip is flat: manifest.json, its language files and the two icons', async () => {
    const zip = await JSZip.loadAsync(await packageZip(buildManifest(settings)));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'nn.json', 'outline.png']);
    const inside = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(inside.id).toBe(settings.appId);
  });
});

describe('Teams manifest: localisation, command menus, the message extension', () => {
  const manifest = buildManifest(settings);

  test('bokmål is the default; nynorsk and English language files validate against the v1.24 Localization schema and translate every string', () => {
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'nb', additionalLanguages: [{ languageTag: 'nn', file: 'nn.json' }, { languageTag: 'en', file: 'en.json' }] });
    expect(localizationProblems(manifest, 'manifests/teams')).toEqual([]);
    const nn = JSON.parse(fs.readFileSync('manifests/teams/nn.json', 'utf8'));
    const en = JSON.parse(fs.readFileSync('manifests/teams/en.json', 'utf8'));
    for (const key of localizableKeys(manifest)) {
      expect(typeof nn[key]).toBe('string');
      expect(typeof en[key]).toBe('string');
    }
    // translations, not copies (the short name is the same word everywhere)
    expect(en['description.full']).not.toBe((manifest.description as { full: string }).full);
    expect(nn['description.full']).not.toBe((manifest.description as { full: string }).full);
    expect(en['composeExtensions[0].commands[0].title']).toBe('Add to SLT agenda');
    expect(nn['bots[0].commandLists[0].commands[0].description']).toMatch(/oversikta di/);
  });

  test('a broken language file is caught: schema, version, unknown keys, missing translations, a changed command title', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-lang-'));
    const en = JSON.parse(fs.readFileSync('manifests/teams/en.json', 'utf8'));
    fs.writeFileSync(path.join(dir, 'nn.json'), fs.readFileSync('manifests/teams/nn.json'));
    delete en['bots[0].commandLists[1].commands[4].description'];
    en['name.short'] = 'x'.repeat(31);
    en.$schema = 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.23/MicrosoftTeams.Localization.schema.json';
    en['bots[0].commandLists[5].commands[0].description'] = 'nothing';
    en['bots[0].commandLists[0].commands[0].title'] = 'oversikt';
    fs.writeFileSync(path.join(dir, 'en.json'), JSON.stringify(en));
    expect(localizationProblems(manifest, dir)).toEqual([
      'en.json: / must NOT have additional properties',
      'en.json: /name.short must NOT have more than 30 characters',
      'en.json: $schema must be the v1.24 Localization schema, as the manifest\'s version',
      'en.json: "bots[0].commandLists[5].commands[0].description" names nothing in the manifest',
      'en.json: "bots[0].commandLists[0].commands[0].title" must stay "home" (the bot receives the title)',
      'en.json: "bots[0].commandLists[1].commands[4].description" is not translated',
    ]);
  });

  test('every command in the menus is one the bot understands', async () => {
    const app = await testApp(new FakeClock('2027-01-08T10:00'));
    try {
      for (const list of (manifest.bots as { commandLists: { commands: { title: string }[] }[] }[])[0]!.commandLists) {
        for (const c of list.commands) {
          const reply = replyText(await app.bot.handle({ platform: 'teams', userId: 'aad-koord', text: `help ${c.title}` }));
          expect(reply).toMatch(new RegExp(`^\`/slt ${c.title}\`\\n`));
        }
      }
    } finally {
      await app.close();
    }
  });

  test('the message extension: an action command on messages and the compose box, answered by the bot', () => {
    const ext = (manifest.composeExtensions as { botId: string; commands: Record<string, unknown>[] }[])[0]!;
    expect(ext.botId).toBe(settings.appId);
    expect(ext.commands).toEqual([expect.objectContaining({ id: ADD_TO_AGENDA, type: 'action', context: ['message', 'compose'], fetchTask: true, title: 'Meld opp som SLT-sak' })]);
  });

  test('npm run teams:package writes a zip that holds the language files', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-package-'));
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), path.resolve('manifests/teams/build-package.ts')], {
      cwd, env: { ...process.env, MICROSOFT_APP_ID: settings.appId, SLT_APP_VERSION: '1.2.3', PUBLIC_URL: 'https://slt.example.org' }, encoding: 'utf8',
    });
    expect(out).toMatch(/Wrote build\/teams-app\.zip \(manifest 1\.24/);
    return JSZip.loadAsync(fs.readFileSync(path.join(cwd, 'build', 'teams-app.zip'))).then((zip) => {
      expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'nn.json', 'outline.png']);
    });
  });
});
