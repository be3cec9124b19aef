import { ConsoleChatPort } from '../../adapters/console/console-chat-port';
import { ConsoleSession } from '../../adapters/console/console-session';
import { view } from '../../src/core/model/view';
import { FakeClock, testApp } from '../helpers';

test('messages to me and my channel are shown whole; those to others fold into one line per title', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const out: string[] = [];
  const session = new ConsoleSession(app.bot, app.directory, (t) => void out.push(t));
  const port = new ConsoleChatPort((v, prefix, target) => session.deliver(v, prefix, target), () => 'fre. 8.1., 10:00');
  await session.input('/slt as koord');
  await session.input('/slt channel team');
  out.length = 0;
  const invitation = view('info', 'Innkalling: Team', { lines: ['Tid: onsdag'] });
  for (const who of ['leder', 'politi', 'koord', 'vara']) await port.send({ kind: 'dm', id: who }, invitation);
  await port.send({ kind: 'channel', id: 'testby-rad' }, view('info', 'Saksliste: Politirådet', { lines: ['Saker'] }));
  await port.send({ kind: 'channel', id: 'testby-team' }, view('info', 'Saksliste: Team', { lines: ['Ingen saker ennå.'] }));
  session.flushOthers();
  const text = out.join('');
  // before my own DM, the two others' invitations are one line; after it, the next one starts a new line
  expect(text).toContain('📣 Innkalling: Team → leder, politi\n');
  expect(text).toContain('📣 [DM til koord · fre. 8.1., 10:00]\n== Innkalling: Team ==\nTid: onsdag');
  expect(text).toContain('📣 Innkalling: Team → vara\n');
  expect(text).toContain('📣 Saksliste: Politirådet → #testby-rad\n');
  expect(text).toContain('📣 [#testby-team · fre. 8.1., 10:00]\n== Saksliste: Team ==\nIngen saker ennå.');
  expect(text).not.toContain('DM til leder');
  await app.close();
});
