import type { AgendaItem } from '../../src/core/model/records';
import { type View, viewToText } from '../../src/core/model/view';
import { CONSOLE_SYNTAX } from '../../src/core/model/markup';
import type { ItemPage } from '../../src/core/ports/store';
import { HOME_LIMITS } from '../../src/core/views/home-view';
import { FakeClock, testApp } from '../helpers';

// Issue 18: a home view is rendered after every change, so its cost must not grow with the number of
// items waiting. It shows a few items and counts the rest up to HOME_LIMITS.counted; beyond that it says
// "at least N more", and it reads no more of a meeting's items than it needs for that.

const homeText = (v: View) => viewToText(v, CONSOLE_SYNTAX);

async function appWithItems(count: number) {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  for (let i = 0; i < count; i++) {
    const r = await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: `agenda add "Tema ${i}" Beskrivelse` });
    expect(JSON.stringify(r)).toMatch(/TEAM-2027-\d{3}/);
  }
  return app;
}

test('below the counting limit the home view says exactly how many more wait, for the decider and for the submitter', async () => {
  const app = await appWithItems(HOME_LIMITS.listLines + 3);
  try {
    const decider = homeText(await app.bot.home('console', 'koord'));
    expect(decider).toContain('… og 3 til. Se alle med agenda team.');
    const submitter = homeText(await app.bot.home('console', 'politi'));
    expect(submitter).toContain('… og 3 til. Se alle med agenda mine.');
    expect(submitter).not.toContain('minst');
  } finally {
    await app.close();
  }
});

test('beyond the counting limit it says "at least", and reads a meeting\'s items a page at a time, not all of them', async () => {
  const total = HOME_LIMITS.cardsPerForum + HOME_LIMITS.counted + 130;
  const app = await appWithItems(total);
  const read = app.store.read;
  const original = read.itemsOfMeeting.bind(read);
  let rowsRead = 0;
  read.itemsOfMeeting = async (meetingId: string, page?: ItemPage): Promise<AgendaItem[]> => {
    const items = await original(meetingId, page);
    rowsRead += items.length;
    return items;
  };
  try {
    const decider = homeText(await app.bot.home('console', 'koord'));
    expect(decider).toContain(`… og minst ${HOME_LIMITS.counted} til. Se alle med agenda team.`);
    expect(rowsRead).toBeGreaterThan(0);
    expect(rowsRead).toBeLessThan(total);
    const submitter = homeText(await app.bot.home('console', 'politi'));
    expect(submitter).toContain(`… og minst ${HOME_LIMITS.counted} til. Se alle med agenda mine.`);
    // the items shown are the first ones submitted (all are for the same meeting)
    expect(submitter).toContain('TEAM-2027-001');
    expect(submitter).not.toContain(`TEAM-2027-${String(HOME_LIMITS.listLines + 1).padStart(3, '0')}`);
  } finally {
    read.itemsOfMeeting = original;
    await app.close();
  }
});
