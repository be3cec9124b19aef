import { CONSOLE_SYNTAX } from '../../src/core/model/markup';
/**
 * Every view and reply kind, rendered in each language on each platform (console text; Slack blocks,
 * top-level text, modals and the App Home; Teams cards), has none of the other languages' marker words.
 */
import { visible } from '../../adapters/console/visible-text';
import { formToModal, replyModal, toMessages } from '../../adapters/slack/from-core';
import { homeToSlackView } from '../../adapters/slack/home';
import { viewToCard } from '../../adapters/teams/from-core';
import { messages } from '../../src/core/i18n';
import type { Language } from '../../src/core/model/primitives';
import { type View, viewToText } from '../../src/core/model/view';
import { FakeClock, testApp } from '../helpers';
import { languageFixture, leaks, playScenario } from './language-scenario';
import { norwegianOutsideCatalogs } from './norwegian-outside-catalogs';

const PEOPLE = ['koord', 'leder', 'politi', 'vara', 'obs', 'fremmed'] as const;

/** Each view as each platform shows it. */
function rendered(v: View, lang: Language): Record<'console' | 'slack' | 'teams', string> {
  const msg = messages(lang);
  return {
    console: visible(viewToText(v, CONSOLE_SYNTAX)),
    slack: JSON.stringify([toMessages(v), v.form ? formToModal(v.form, { kind: 'form' }, msg) : '', v.home ? homeToSlackView(v) : '', replyModal([v], msg.replyTitle, msg.modalClose)]),
    teams: JSON.stringify(viewToCard(v, { withButtons: true })),
  };
}

describe.each(['nb', 'nn', 'en'] as const)('%s', (lang) => {
  test('every view the scenario produces, on every platform, is in the reader\'s language only', async () => {
    const clock = new FakeClock('2027-01-08T10:00');
    const app = await testApp(clock, [languageFixture(lang)]);
    const views: { where: string; view: View }[] = [];
    await playScenario(app, clock, lang, async (who, line) => {
      const reply = await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text: line });
      views.push(...reply.views.map((view) => ({ where: `${who}> ${line}`, view })));
    });
    for (const row of await app.store.outbox.list()) views.push({ where: `outbox ${row.key}`, view: row.view });
    for (const who of PEOPLE) views.push({ where: `home of ${who}`, view: await app.bot.home('console', who) });
    const found: string[] = [];
    for (const { where, view } of views) {
      for (const [platform, text] of Object.entries(rendered(view, lang))) {
        const words = leaks(text, lang);
        if (words.length) found.push(`${platform} · ${where}: ${words.join(', ')}`);
      }
    }
    expect(views.length).toBeGreaterThan(100);
    expect(found).toEqual([]);
    await app.close();
  });
});

test('no user-facing Norwegian text outside the catalogs (src/core/i18n)', () => {
  const found = norwegianOutsideCatalogs(['src', 'adapters'], [
    'src/calendar/norwegian-holiday-table.ts', // the names of public holidays, data
    // the operator's command-line tool (backup, restore, export, stats, validate): reported, not yet moved to catalogs
    'src/cli/main.ts', 'src/cli/backup-commands.ts', 'src/cli/report-commands.ts',
  ], ['kanal', 'avbryt', 'ingen']); // words people type in the console (channel, cancel, none)
  expect(found.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
});
