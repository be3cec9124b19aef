import { CONSOLE_SYNTAX } from '../../src/core/model/markup';
import { ConsoleChatPort } from '../../adapters/console/console-chat-port';
import { ConsoleSession } from '../../adapters/console/console-session';
import { dispatchOutbox } from '../../src/scheduler/dispatch-outbox';
import type { View } from '../../src/core/model/view';
import { viewToText } from '../../src/core/model/view';
import type { AdapterDriver, Who } from '../contract/adapter-driver';
import { adapterContract } from '../contract/contract-suite';

adapterContract('console', async (app, clock) => {
  const sent: { kind: 'channel' | 'dm'; id: string; text: string; view: View; messageId: string }[] = [];
  const port = new ConsoleChatPort(() => {});
  const realSend = port.send.bind(port);
  port.send = async (target, view: View, replace) => {
    const messageId = await realSend(target, view, replace);
    sent.push({ kind: target.kind, id: target.id, text: viewToText(view, CONSOLE_SYNTAX), view, messageId });
    return messageId;
  };
  const sessions = new Map<Who, { session: ConsoleSession; out: string[] }>();
  const session = async (who: Who) => {
    let s = sessions.get(who);
    if (!s) {
      const out: string[] = [];
      const session = new ConsoleSession(app.bot, app.directory, (t) => void out.push(t));
      await session.input(`/slt as ${who}`);
      await session.input('/slt channel team');
      s = { session, out };
      sessions.set(who, s);
    }
    return s;
  };
  const typed = async (who: Who, line: string) => {
    const s = await session(who);
    const start = s.out.length;
    await s.session.input(line);
    return s.out.slice(start).join('');
  };
  const deliver = () => dispatchOutbox(app.store.outbox, [port], clock);
  const driver: AdapterDriver = {
    command: async (who, text) => typed(who, `/slt ${text}`),
    // the console's buttons are the commands they stand for
    press: async (who, ref, verb, text) => typed(who, `/slt ${verb} ${ref}${verb === 'defer' ? ' next' : ''}${text ? ` ${text}` : ''}`),
    submitForm: async (who, values) => {
      // a refused form leaves the console asking again; a person starting over cancels it first
      if ((await session(who)).session.prompt() === '  > ') await typed(who, 'avbryt');
      let out = await typed(who, '/slt agenda add');
      const order = ['title', 'description', 'kind', 'category', 'meeting'];
      const form = (await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text: 'agenda add' })).views[0]!.form!;
      for (const id of order) {
        const field = form.fields.find((f) => f.id === id)!;
        const v = values[id] ?? '';
        const answer = field.choices ? String(field.choices.findIndex((c) => c.value === v) + 1 || '') : v;
        out += await typed(who, answer);
      }
      return out;
    },
    channelPosts: async () => { await deliver(); return sent.filter((s) => s.kind === 'channel' && s.id === 'testby-team').map((s) => s.text); },
    dms: async (who) => { await deliver(); return sent.filter((s) => s.kind === 'dm' && s.id === who).map((s) => s.text); },
    // the terminal cannot edit what it printed: an edit is printed again, so the last print is what counts
    dmCard: async (who, ref) => { await deliver(); return sent.filter((s) => s.kind === 'dm' && s.id === who && s.text.includes(ref)).at(-1)?.text; },
    dmButtons: async (who, ref) => {
      await deliver();
      return (sent.filter((s) => s.kind === 'dm' && s.id === who && s.text.includes(ref)).at(-1)?.view.actions ?? []).map((a) => a.verb);
    },
    // an edit reprints the message under the same id: the last print per id is its latest version
    latestMessages: async (who) => {
      await deliver();
      const latest = new Map<string, string>();
      for (const s of sent) if ((s.kind === 'dm' && s.id === who) || (s.kind === 'channel' && s.id === 'testby-team')) latest.set(s.messageId, s.text);
      return [...latest.values()];
    },
    close: async () => {},
  };
  return driver;
});
