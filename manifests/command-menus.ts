/**
 * The command menus of the platforms' manifests, derived from the command table: the Teams manifest's
 * commandLists (and their translations in nn.json and en.json) and the Slack slash command's usage hint.
 * `npm run manifests:commands` writes them; test/commands/command-table.test.ts checks they are up to date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COMMAND_TABLE } from '../src/core/commands';
import { slackUsageHint, teamsCommandLists, teamsMenuTranslations } from '../src/core/commands/command-menus';
import { messages } from '../src/core/i18n';

type Json = Record<string, unknown>;
const TEAMS = path.join(__dirname, 'teams');
export const SLACK_MANIFEST = path.join(__dirname, 'slack', 'manifest.yml');

/** The Teams manifest (manifest.json, as stored) with its commandLists from the table. */
export function teamsManifestWithMenus(): Json {
  const manifest = JSON.parse(fs.readFileSync(path.join(TEAMS, 'manifest.json'), 'utf8')) as Json;
  const [bot, ...others] = manifest.bots as Json[];
  return { ...manifest, bots: [{ ...bot, commandLists: teamsCommandLists(COMMAND_TABLE, messages('nb')) }, ...others] };
}

/** A Teams language file (nn.json, en.json) with the menu descriptions from that language's catalog. */
export function teamsLanguageFileWithMenus(lang: 'nn' | 'en'): Json {
  const file = JSON.parse(fs.readFileSync(path.join(TEAMS, `${lang}.json`), 'utf8')) as Json;
  const kept = Object.fromEntries(Object.entries(file).filter(([k]) => !k.startsWith('bots[0].commandLists')));
  return { ...kept, ...teamsMenuTranslations(COMMAND_TABLE, messages(lang)) };
}

/** The Slack manifest with the slash command's usage hint from the table. */
export const slackManifestWithHint = (): string =>
  fs.readFileSync(SLACK_MANIFEST, 'utf8').replace(/^(\s*usage_hint: ).*$/m, `$1${JSON.stringify(slackUsageHint(COMMAND_TABLE))}`);

if (require.main === module) {
  fs.writeFileSync(path.join(TEAMS, 'manifest.json'), `${JSON.stringify(teamsManifestWithMenus(), null, 2)}\n`);
  for (const lang of ['nn', 'en'] as const) fs.writeFileSync(path.join(TEAMS, `${lang}.json`), `${JSON.stringify(teamsLanguageFileWithMenus(lang), null, 2)}\n`);
  fs.writeFileSync(SLACK_MANIFEST, slackManifestWithHint());
  console.log('Wrote the command menus into manifests/teams/{manifest,nn,en}.json and manifests/slack/manifest.yml');
}
