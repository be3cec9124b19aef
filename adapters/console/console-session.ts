import type { SltBot } from '../../src/core/bot';
import { type Directory } from '../../src/core/directory';
import { tokenize } from '../../src/core/commands/grammar';
import type { Reply, View } from '../../src/core/views';
import { viewToText } from '../../src/core/views';
import { ConsoleForm } from './console-form';
import { messages, type Messages } from '../../src/core/i18n';

export interface ConsoleStyle {
  heading(s: string): string;
  dim(s: string): string;
  error(s: string): string;
}
export const plainStyle: ConsoleStyle = { heading: (s) => s, dim: (s) => s, error: (s) => s };

/**
 * One person at the terminal. Translates typed lines into core commands and core views into text.
 * Console-only commands (`as`, `channel`) choose who you are and where you "are";
 * everything else is the same grammar as Slack and Teams.
 */
export class ConsoleSession {
  handle?: string;
  channel?: string;
  private counter = 0;
  private form?: ConsoleForm;
  private lastFormValues: Record<string, string> = {};

  constructor(
    private readonly bot: SltBot,
    private readonly directory: Directory,
    private readonly write: (text: string) => void,
    private readonly style: ConsoleStyle = plainStyle,
    private readonly demoClock?: { now(): Date; advance(ms: number): void },
  ) {}

  /** the catalog of the current person's municipality (bokmål before anyone is chosen) */
  private get msg(): Messages {
    return messages(this.handle ? this.directory.actor('console', this.handle)?.municipality.language : undefined);
  }

  prompt(): string {
    if (this.form) return '  > ';
    return `${this.handle ?? 'gjest'}${this.channel ? ` #${this.channel}` : ''}> `;
  }

  /** Handle one typed line. Returns false when the user wants to leave. */
  input(line: string): boolean {
    if (this.form) return this.formAnswer(line), true;
    const text = line.trim();
    if (!text) return true;
    const words = safeTokens(text.replace(/^\/?slt\b/i, ''));
    const [first, second] = [words[0]?.toLowerCase(), words[1]];
    if (first === 'quit' || first === 'exit' || first === 'avslutt') return false;
    if (first === 'as' || first === 'som') return this.switchUser(second), true;
    if (first === 'channel' || first === 'kanal') return this.switchChannel(second), true;
    if ((first === 'clock' || first === 'klokke') && this.demoClock) return this.moveClock(second), true;
    this.showReply(this.send({ text }));
    return true;
  }

  private send(extra: { text: string; form?: { id: string; context: Record<string, string>; values: Record<string, string> } }): Reply {
    this.counter++;
    return this.bot.handle({
      platform: 'console',
      userId: this.handle ?? '',
      ...(this.channel ? { channelId: this.channel } : {}),
      ...extra,
      requestId: `console-${process.pid}-${Date.now()}-${this.counter}`,
    });
  }

  /** Show a reply; a form in it starts the field-by-field questions (only the fields with errors, on a retry). */
  private showReply(reply: Reply): void {
    for (const v of reply.views) {
      if (v.form) {
        if (v.fieldErrors) for (const msg of Object.values(v.fieldErrors)) this.write(`${this.style.error(msg)}\n`);
        this.form = v.fieldErrors ? new ConsoleForm(v.form, this.msg, Object.keys(v.fieldErrors), this.lastFormValues) : new ConsoleForm(v.form, this.msg);
        this.write(`${this.style.heading(`== ${v.form.title} ==`)} ${this.msg.formCancelHint}\n${this.form.question()}`);
      } else this.show(v);
    }
  }

  private formAnswer(line: string): void {
    const form = this.form!;
    if (['avbryt', 'cancel'].includes(line.trim().toLowerCase())) {
      delete this.form;
      return this.write(`${this.msg.formCancelled}\n`);
    }
    const problem = form.answer(line);
    if (problem) return this.write(`${this.style.error(problem)}\n${form.question()}`);
    if (!form.done) return this.write(form.question());
    delete this.form;
    this.lastFormValues = form.values;
    this.showReply(this.send({ text: '', form: { id: form.spec.id, context: form.spec.context, values: form.values } }));
  }

  show(v: View, prefix = ''): void {
    const body = viewToText(v)
      .split('\n')
      .map((l) => (l.startsWith('== ') ? this.style.heading(l) : l.startsWith('[') ? this.style.dim(l) : l))
      .join('\n');
    this.write(`${prefix}${v.kind === 'error' ? this.style.error(body) : body}\n`);
  }

  private switchUser(handle: string | undefined): void {
    const examples = this.directory.municipalities
      .map((m) => this.directory.member(m, m.coordinator)?.identities.console)
      .filter(Boolean)
      .join(', ');
    if (!handle) return this.write(`${this.msg.consoleAsUsage(examples)}\n`);
    const actor = this.directory.actor('console', handle);
    if (!actor) return this.write(`${this.style.error(this.msg.consoleUnknownHandle(handle, examples))}\n`);
    this.handle = handle;
    this.write(`${this.msg.consoleAs(actor.member.name, actor.member.role, actor.municipality.name)}\n`);
  }

  /** Demo only (SLT_NOW): move the clock forward, e.g. +2d, +3h, +30m; the scheduler then catches up. */
  private moveClock(arg: string | undefined): void {
    const m = /^\+(\d+)([dhm])$/.exec(arg ?? '');
    const now = () => this.demoClock!.now().toLocaleString('nb-NO', { timeZone: 'Europe/Oslo' });
    if (!m) return this.write(`${this.msg.consoleClockUsage(now())}\n`);
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
    this.demoClock!.advance(Number(m[1]) * unit);
    this.write(`${this.msg.consoleClock(now())}\n`);
  }

  private switchChannel(name: string | undefined): void {
    if (!name || name === 'none' || name === 'ingen') {
      delete this.channel;
      return this.write(`${this.msg.consoleNoChannel}\n`);
    }
    const actor = this.handle ? this.directory.actor('console', this.handle) : undefined;
    const [ref] = this.directory.findForums(name, actor?.municipality);
    const channel = ref ? this.directory.channelsOf(ref).find((c) => c.platform === 'console')?.channelId : name;
    this.channel = channel ?? name;
    this.write(`${this.msg.consoleInChannel(this.channel, ref ? `${ref.forum.name}, ${ref.municipality.name}` : '')}\n`);
  }
}

function safeTokens(s: string): string[] {
  try {
    return tokenize(s);
  } catch {
    return [];
  }
}
