import { RecordingPort } from './recording-port';
import { FakeClock, replyText, testApp , inTx } from '../helpers';

const as = async (app: Awaited<ReturnType<typeof testApp>>, who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));

test('publish in quiet hours says when the agenda will be posted, and it is posted then', async () => {
  const clock = new FakeClock('2027-01-13T21:30'); // a Wednesday evening
  const app = await testApp(clock);
  app.setRunningPlatforms(['console']);
  const port = new RecordingPort(clock);
  const reply = await as(app, 'leder', 'publish');
  expect(reply).toBe('Sakslisten legges ut i kanalen torsdag 14. januar 2027 kl. 07:00, når stilletiden er over.');
  await app.dispatcher([port]).run();
  expect(port.delivered.filter((d) => d.target === 'testby-team')).toEqual([]);
  clock.set('2027-01-14T07:00');
  await app.dispatcher([port]).run();
  expect(port.delivered.filter((d) => d.target === 'testby-team').map((d) => d.at)).toEqual(['2027-01-14 07:00']);
  await app.close();
});

test('on a Friday evening the agenda goes out on Monday morning; in the daytime at once', async () => {
  const clock = new FakeClock('2027-01-15T20:15');
  const app = await testApp(clock);
  expect(await as(app, 'leder', 'publish')).toBe('Sakslisten legges ut i kanalen mandag 18. januar 2027 kl. 07:00, når stilletiden er over.');
  clock.set('2027-01-18T10:00');
  expect(await as(app, 'leder', 'publish')).toBe('Sakslisten er publisert i kanalen (man. 18.01.2027 10:00).');
  await app.close();
});

test('any other command whose messages wait for quiet hours to end says so', async () => {
  const clock = new FakeClock('2027-01-12T22:00');
  const app = await testApp(clock);
  const reply = await as(app, 'politi', 'agenda add "Uro ved klubben"');
  expect(reply).toMatch(/Saken er meldt opp som TEAM-2027-001/);
  expect(reply).toMatch(/Boten sender ikke meldinger i stilletiden; meldingene dette fører til, går ut onsdag 13\. januar 2027 kl\. 07:00\.$/);
  // a command that sends nothing says nothing about it
  expect(await as(app, 'politi', 'next')).not.toMatch(/stilletiden/);
  clock.set('2027-01-13T10:00');
  expect(await as(app, 'politi', 'agenda add "Tema på dagtid"')).not.toMatch(/stilletiden/);
  await app.close();
});

test('minutes approved and a correction in quiet hours say when the summary goes out', async () => {
  const clock = new FakeClock('2027-01-12T10:00');
  const app = await testApp(clock);
  const now = clock.now().toISOString();
  await inTx(app).insertItem({ ref: 'TEAM-2027-001', municipalityId: 'testby', forumId: 'team', meetingId: 'testby/team/2027-01-20',
    kind: 'topic', category: 'annet', title: 'Tema', submitterId: 'politi', state: 'approved', late: false, createdAt: now, updatedAt: now });
  clock.set('2027-01-20T20:30');
  expect(await as(app, 'leder', 'minutes approve')).toBe('Referatet er godkjent. Sammendraget legges ut i kanalen, og de ansvarlige får oppgavene sine, torsdag 21. januar 2027 kl. 07:00, når stilletiden er over.');
  expect(await as(app, 'leder', 'decision TEAM-2027-001 Følges opp')).toBe('Vedtaket er ført på TEAM-2027-001.\nRettelsen legges ut som en oppdatering av sammendraget torsdag 21. januar 2027 kl. 07:00, når stilletiden er over.');
  await app.close();
});
