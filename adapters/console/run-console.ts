import readline from 'node:readline';
import type { App } from '../../src/app';
import { ConsoleChatPort } from './console-chat-port';
import { type ConsoleStyle, ConsoleSession, type DemoControl, plainStyle } from './console-session';

const ansi: ConsoleStyle = {
  heading: (s) => `\x1b[1;36m${s}\x1b[0m`,
  dim: (s) => `\x1b[2m${s}\x1b[0m`,
  error: (s) => `\x1b[31m${s}\x1b[0m`,
};

/**
 * The interactive terminal: a newcomer's first meeting with the bot. `closed` resolves when the user
 * leaves; `flush` shows what is still folded (call it after the last scheduler tick).
 */
export function runConsole(app: App, input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { isTTY?: boolean }, onChatPort: (p: ConsoleChatPort) => void, afterInput: () => void = () => {}, demoClock?: DemoControl): { closed: Promise<void>; flush(): void } {
  const style = output.isTTY ? ansi : plainStyle;
  const write = (s: string) => void output.write(s);
  const session = new ConsoleSession(app.bot, app.directory, write, style, demoClock);
  const timeLabel = demoClock ? () => demoClock.now().toLocaleString('nb-NO', { timeZone: 'Europe/Oslo', weekday: 'short', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' }) : undefined;
  onChatPort(new ConsoleChatPort((v, prefix, target) => session.deliver(v, prefix, target), timeLabel));
  const rl = readline.createInterface({ input, output, terminal: Boolean(output.isTTY) });
  const coordinators = app.municipalities
    .map((m) => app.directory.member(m, m.coordinator)?.identities.console)
    .filter(Boolean)
    .join(', ');
  write(`${style.heading('SLT-boten')} – konsoll (samme kommandoer som /slt i Slack og @SLT i Teams)\n`);
  write(`Velg hvem du er: /slt as <kallenavn>, f.eks. ${coordinators}\n`);
  write('Gå inn i et forums kanal: /slt channel <forum>. Hjelp: /slt help. Avslutt: quit\n');
  write(style.dim('Meldinger boten sender deg og kanalen du er i, vises hele; meldinger til andre vises på én linje.\n'));
  if (demoClock) write(`Demo-klokke: ${demoClock.now().toLocaleString('nb-NO', { timeZone: 'Europe/Oslo' })}. Spol fram med /slt clock +2d (eller +3h, +30m).\n`);
  rl.setPrompt(session.prompt());
  rl.prompt();
  // lines are handled one after another; a line after `/slt clock +2d` waits until those two days have played
  let queue = Promise.resolve();
  let leaving = false;
  const handle = async (line: string) => {
    if (leaving) return;
    if (!session.input(line)) {
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
