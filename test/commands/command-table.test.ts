/**
 * Each command is declared once (src/core/commands: name, aliases per language, typed arguments and
 * flags, who may run it, the menus it is in); every surface derived from it agrees with it.
 */
import fs from 'node:fs';
import { consoleCompleter } from '../../adapters/console/completion';
import { slackManifestWithHint, teamsLanguageFileWithMenus, teamsManifestWithMenus } from '../../manifests/command-menus';
import { COMMAND_TABLE } from '../../src/core/commands';
import { aliasesOf } from '../../src/core/commands/types';
import { usageLine } from '../../src/core/commands/usage';
import { messages } from '../../src/core/i18n';
import type { Language } from '../../src/core/model/primitives';
import { FakeClock, replyText, testApp } from '../helpers';

const LANGS: Language[] = ['nb', 'nn', 'en'];

test('the table: unique names and aliases, help for every command in every language, at most 10 per Teams menu', () => {
  const words = COMMAND_TABLE.flatMap((c) => [c.name, ...new Set(aliasesOf(c))]);
  expect(words.length).toBe(new Set(words).size);
  for (const lang of LANGS) {
    const msg = messages(lang);
    for (const c of COMMAND_TABLE) {
      expect([lang, c.name, msg.commandHelp[c.name]]).toEqual([lang, c.name, expect.stringMatching(/\S/)]);
      expect(msg.whoName[c.who]).toMatch(/\S/);
    }
  }
});

test('the manifests are what the table gives (npm run manifests:commands writes them)', () => {
  expect(JSON.parse(fs.readFileSync('manifests/teams/manifest.json', 'utf8'))).toEqual(teamsManifestWithMenus());
  for (const lang of ['nn', 'en'] as const) {
    expect(JSON.parse(fs.readFileSync(`manifests/teams/${lang}.json`, 'utf8'))).toEqual(teamsLanguageFileWithMenus(lang));
  }
  expect(fs.readFileSync('manifests/slack/manifest.yml', 'utf8')).toBe(slackManifestWithHint());
  const lists = (teamsManifestWithMenus().bots as { commandLists: { commands: { title: string }[] }[] }[])[0]!.commandLists;
  for (const list of lists) for (const cmd of list.commands) expect(COMMAND_TABLE.map((c) => c.name)).toContain(cmd.title);
});

test('the console completes every command of the table', () => {
  const complete = consoleCompleter(COMMAND_TABLE);
  for (const c of COMMAND_TABLE) {
    expect(complete(c.name.slice(0, 3))[0]).toContain(c.name);
    expect(complete(`/slt ${c.name.slice(0, 3)}`)[0]).toContain(`/slt ${c.name}`);
  }
});

describe('the parser, the help, the usage errors and the argument checks follow the table', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => { app = await testApp(new FakeClock('2027-01-08T10:00')); });
  afterAll(async () => { await app.close(); });
  const say = async (text: string) => replyText(await app.bot.handle({ platform: 'console', userId: 'koord', channelId: 'testby-team', text }));

  test('help lists every command with its usage line; `help <alias>` explains the command', async () => {
    const help = await say('help');
    for (const c of COMMAND_TABLE) expect(help).toContain(`/slt ${usageLine(c, messages('nb'))}`);
    for (const c of COMMAND_TABLE) {
      for (const alias of aliasesOf(c)) expect(await say(`help ${alias}`)).toContain(`/slt ${c.name}`);
    }
  });

  test('a required argument left out is named with the usage line; a date or number that is not one is refused', async () => {
    for (const c of COMMAND_TABLE) {
      const required = (c.args ?? []).findIndex((a) => !a.optional && !a.formIfMissing);
      if (required !== 0) continue;
      expect([c.name, await say(c.name)]).toEqual([c.name, expect.stringContaining(`Bruk: \`/slt ${usageLine(c, messages('nb'))}\``)]);
    }
    expect(await say('action TEAM-2027-001 politi 2027-13-45 Ring')).toMatch(/«2027-13-45» er ikke en dato/);
    expect(await say('defer TEAM-2027-001 i-morgen')).toMatch(/«i-morgen» er ikke en dato/);
    expect(await say('resend tolv')).toMatch(/«tolv» er ikke et nummer/);
    expect(await say('agenda add "Tema" --meeting 13.01.2027')).toMatch(/--meeting skal være en dato/);
  });

  test('a flag the command does not declare is refused with its usage line', async () => {
    for (const c of COMMAND_TABLE) {
      expect(await say(`${c.name} --nonsense x`)).toContain(`Valget --nonsense finnes ikke for denne kommandoen. Bruk: \`/slt ${usageLine(c, messages('nb'))}\``);
    }
  });

  test('every alias in every language runs its command', async () => {
    for (const c of COMMAND_TABLE) {
      for (const alias of aliasesOf(c)) {
        expect([alias, await say(`${alias} --nonsense x`)]).toEqual([alias, expect.stringContaining(`/slt ${usageLine(c, messages('nb'))}`)]);
      }
    }
  });
});

test('a line may start with /slt, slt or @SLT (as typed in a Teams chat after reading "@SLT agenda add")', async () => {
  const { parseLine } = await import('../../src/core/commands/grammar');
  for (const line of ['/slt agenda add "x"', 'slt agenda add "x"', '@SLT agenda add "x"', 'agenda add "x"']) {
    expect(parseLine(line, new Set())).toMatchObject({ words: ['agenda', 'add'], args: ['x'] });
  }
});
