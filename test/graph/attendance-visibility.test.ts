import fc from 'fast-check';
import { FakeClock, replyText } from '../helpers';
import { emailOf, outlookBot } from './graph-harness';

jest.setTimeout(60_000);

const PEOPLE = ['koord', 'leder', 'politi', 'vara', 'obs', 'fremmed'] as const;
const ANSWERS = ['accepted', 'tentativelyAccepted', 'declined', 'none'] as const;
const NAMES: Record<string, string> = { koord: 'Kari Koordinator', leder: 'Lise Teamleder', politi: 'Per Politi', vara: 'Vera Vara', obs: 'Ole Observatør' };

/**
 * Generated: whatever the attendees answer in Outlook, `/slt next` shows who comes to every person of the
 * forum (observers included) with each person under their own answer, and to nobody outside it; the same
 * for both forums (the stranger and, for the politiråd, the team leader are outside).
 */
test('who comes is shown to the forum\'s people only, each under the answer they gave', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const { app, graph, tick } = await outlookBot(clock);
  try {
    await tick();
    const forums = ['team', 'rad'] as const;
    const upcoming = async (forum: string) => (await app.store.read.meetingsOfForum('testby', forum)).find((m) => m.startUtc > clock.now().toISOString())!.date;
    const eventOf = async (forum: string) => {
      const [rows, date] = [await app.store.outbox.list(), await upcoming(forum)];
      return graph.live('slt@testby.example.org').find((e) => e.subject === app.directory.forumById('testby', forum)!.forum.name
        && rows.some((r) => r.platform === 'graph' && r.platformMessageId === e.id && r.key.includes(`/${forum}/`) && r.key.includes(date)))!;
    };
    await fc.assert(fc.asyncProperty(
      fc.record(Object.fromEntries(forums.map((f) => [f, fc.dictionary(fc.constantFrom(...PEOPLE.filter((p) => p !== 'fremmed')), fc.constantFrom(...ANSWERS))])) as Record<typeof forums[number], fc.Arbitrary<Record<string, typeof ANSWERS[number]>>>),
      async (answers) => {
        for (const forum of forums) {
          const event = await eventOf(forum);
          for (const a of event.attendees) graph.respond(event.id, a.emailAddress.address, 'none');
          for (const [who, answer] of Object.entries(answers[forum])) {
            if (event.attendees.some((a) => a.emailAddress.address === emailOf(who))) graph.respond(event.id, emailOf(who), answer);
          }
        }
        clock.advance({ minutes: 16 });
        await tick();
        for (const forum of forums) {
          const ref = app.directory.forumById('testby', forum)!;
          const invited = (await eventOf(forum)).attendees.map((a) => a.emailAddress.address.split('@')[0]!);
          for (const viewer of PEOPLE) {
            const text = replyText(await app.bot.handle({ platform: 'console', userId: viewer, text: `next ${forum}`, requestId: `${viewer}-${forum}-${clock.now().getTime()}` }));
            const inForum = app.directory.roleIn(ref, viewer) !== 'stranger';
            expect(text.includes('Svar på invitasjonen i Outlook')).toBe(inForum);
            const lines = text.split('\n');
            for (const person of invited) {
              const answer = answers[forum][person] ?? 'none';
              const label = { accepted: 'Kommer', tentativelyAccepted: 'Kanskje', declined: 'Kommer ikke', none: 'Har ikke svart' }[answer];
              const line = lines.find((l) => l.startsWith(`${label}: `));
              if (inForum) expect(line?.slice(label.length + 2).split(', ')).toContain(NAMES[person]);
              else expect(lines.filter((l) => /^(Kommer|Kanskje|Kommer ikke|Har ikke svart): /.test(l))).toEqual([]);
            }
          }
        }
      },
    ), { numRuns: 15 });
  } finally {
    await graph.stop();
    await app.close();
  }
});
