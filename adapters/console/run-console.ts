import readline from 'node:readline';
import type { App } from '../../src/app';
import { ConsoleChatPort, type ConsoleTarget } from './console-chat-port';
import { consoleCompleter } from './completion';
import { messages } from '../../src/core/i18n';
import { consoleStamp, type ConsoleStyle, ConsoleSession, type DemoControl, languageOfTarget, osloTime, plainStyle } from './console-session';
import { visible } from './visible-text';

const ansi: ConsoleStyle = {
  heading: (s) => `\x1b[1;36m${s}\x1b[0m`,
  dim: (s) => `\x1b[2m${s}\x1b[0m`,
  error: (s) => `\x1b[31m${s}\x1b[0m`,
};

/**
 * The interactive terminal: a newcomer's first meeting with the bot. `closed` resolves when the user
 * leaves; `flush` shows what is still folded (call it after the last scheduler tick). Files the bot
 * sends (invitations' .ics) are written to `filesDir` and shown by their path.
 */
export function runConsole(app: App, input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { isTTY?: boolean }, onChatPort: (p: ConsoleChatPort) => void, afterInput: () => void = () => {}, demoClock?: DemoControl, filesDir?: string): { closed: Promise<void>; flush(): void } {
  const style = output.isTTY ? ansi : plainStyle;
  const write = (s: string) => void output.write(s); // bot text and configuration only; the session makes user text visible
  const session = new ConsoleSession(app.bot, app.directory, write, style, demoClock);
  const timeLabel = demoClock ? (target: ConsoleTarget) => consoleStamp(demoClock.now(), app.directory, target) : undefined;
  onChatPort(new ConsoleChatPort((v, prefix, target) => session.deliver(v, prefix, target), timeLabel, filesDir, (target) => messages(languageOfTarget(app.directory, target))));
  const rl = readline.createInterface({ input, output, terminal: Boolean(output.isTTY), completer: consoleCompleter(app.bot.commands) });
  const coordinators = app.municipalities
    .map((m) => app.directory.member(m, m.coordinator)?.identities.console)
    .filter(Boolean)
    .join(', ');
  const msg = messages('nb'); // nobody is chosen yet
  write(`${style.heading('SLT-boten')} – ${msg.consoleWelcome}\n${visible(msg.consoleChoose(coordinators))}\n${msg.consoleHowTo}\n`);
  write(`${style.dim(msg.consoleFolding)}\n`);
  if (demoClock) write(`${msg.consoleDemoStart(osloTime(demoClock.now()))}\n`);
  rl.setPrompt(session.prompt());
  rl.prompt();
  // lines are handled one after another; a line after `/slt clock +2d` waits until those two days have played
  let queue = Promise.resolve();
  let leaving = false;
  const handle = async (line: string) => {
    if (leaving) return;
    if (!(await session.input(line))) {
      leaving = true;
      return rl.close();
    }
    afterInput();
    const busy = session.busy;
    delete session.busy;
    if (busy) await busy;
    if (inputClosed) return;
    rl.setPrompt(session.prompt());
    rl.prompt();
  };
  let inputClosed = false;
  const closed = new Promise<void>((resolve) => {
    rl.on('line', (line) => void (queue = queue.then(() => handle(line))));
    rl.on('close', () => {
      inputClosed = true;
      void queue.then(() => resolve());
    });
  });
  return { closed, flush: () => session.flushOthers() };
}
