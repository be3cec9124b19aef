import { randomUUID } from 'node:crypto';
import type { SltBot } from '../../src/core/bot';
import { type Directory } from '../../src/core/model/directory';
import { tokenize } from '../../src/core/commands/grammar';
import type { Reply, View } from '../../src/core/model/view';
import { viewToText } from '../../src/core/model/view';
import { CONSOLE_SYNTAX, renderInline } from '../../src/core/model/markup';
import { ConsoleForm } from './console-form';
import { visible } from './visible-text';
import type { ConsoleTarget } from './console-chat-port';
import { messages, type Messages } from '../../src/core/i18n';
import { formatDateTime, formatShort } from '../../src/core/i18n/format';
import type { Language } from '../../src/core/model/primitives';

export interface ConsoleStyle {
  heading(s: string): string;
  dim(s: string): string;
  error(s: string): string;
}
/** The demo clock as the console sees it (SLT_NOW): advancing it plays the time in between. */
export interface DemoControl {
  now(): Date;
  /** `until`: the time the clock shows once every fast-forward asked for has played; `played`: when it has */
  advance(ms: number): { until: Date; played: Promise<void> };
}

/** The demo clock's time as the console shows it (Oslo time, in the reader's language). */
export const osloTime = (d: Date, lang: Language = 'nb'): string =>
  formatDateTime(d.toISOString(), 'Europe/Oslo', lang);

/** The language of whoever reads a message sent to `target`: the person's municipality's, or the channel's forum's. */
export const languageOfTarget = (directory: Directory, target: ConsoleTarget): Language =>
  (target.kind === 'dm' ? directory.actor('console', target.id)?.municipality.language : directory.forumOfChannel('console', target.id)?.municipality.language) ?? 'nb';

/** When a message was delivered (demos), short, in the reader's language and their municipality's zone ("tys. 12.01.2027 10:00"). */
export function consoleStamp(d: Date, directory: Directory, target: ConsoleTarget): string {
  const m = target.kind === 'dm' ? directory.actor('console', target.id)?.municipality : directory.forumOfChannel('console', target.id)?.municipality;
  return formatShort(d.toISOString(), m?.timeZone ?? 'Europe/Oslo', m?.language ?? 'nb');
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
  private form?: ConsoleForm;
  private lastFormValues: Record<string, string> = {};
  /** a fast-forward still playing: the next typed line waits for it (see runConsole) */
  busy?: Promise<void>;
  /** messages to others not yet shown, folded into one line (see deliver) */
  private others?: { title: string; targets: string[] };
  private othersTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly bot: SltBot,
    private readonly directory: Directory,
    private readonly output: (text: string) => void,
    private readonly style: ConsoleStyle = plainStyle,
    private readonly demoClock?: DemoControl,
  ) {}

  /**
   * Everything the session prints goes through here: the text made visible (no control character
   * reaches the terminal raw, whoever wrote it), then styled.
   */
  private write(text: string, style?: keyof ConsoleStyle): void {
    const shown = visible(renderInline(text, CONSOLE_SYNTAX)); // a command the core names is written bare, as it is typed here
    this.output(style ? this.style[style](shown) : shown);
  }

  /** the language of the current person's municipality (bokmål before anyone is chosen) */
  private get lang(): Language {
    return (this.handle ? this.directory.actor('console', this.handle)?.municipality.language : undefined) ?? 'nb';
  }

  /** the catalog of the current person's municipality */
  private get msg(): Messages {
    return messages(this.lang);
  }

  prompt(): string {
    if (this.form) return '  > ';
    return visible(`${this.handle ?? this.msg.consoleGuest}${this.channel ? ` #${this.channel}` : ''}> `);
  }

  /** Handle one typed line. Resolves to false when the user wants to leave. */
  async input(line: string): Promise<boolean> {
    if (this.form) return await this.formAnswer(line), true;
    const text = line.trim();
    if (!text) return true;
    const words = safeTokens(text.replace(/^\/?slt\b/i, ''));
    const [first, second] = [words[0]?.toLowerCase(), words[1]];
    if (first === 'quit' || first === 'exit' || first === 'avslutt') return false;
    if (first === 'as' || first === 'som') return this.switchUser(second), true;
    if (first === 'channel' || first === 'kanal') return this.switchChannel(second), true;
    if ((first === 'clock' || first === 'klokke') && this.demoClock) return this.moveClock(second), true;
    this.showReply(await this.send({ text }));
    return true;
  }

  private send(extra: { text: string; form?: { id: string; context: Record<string, string>; values: Record<string, string> } }): Promise<Reply> {
    return this.bot.handle({
      platform: 'console',
      userId: this.handle ?? '',
      ...(this.channel ? { channelId: this.channel } : {}),
      ...extra,
      // unique per line typed, also with several sessions in one process (two typed in the same millisecond
      // must not be taken for a retried delivery of each other)
      requestId: `console-${randomUUID()}`,
    });
  }

  /** Show a reply; a form in it starts the field-by-field questions (only the fields with errors, on a retry). */
  private showReply(reply: Reply): void {
    for (const v of reply.views) {
      if (v.form) {
        if (v.fieldErrors) for (const msg of Object.values(v.fieldErrors)) this.write(msg, 'error'), this.write('\n');
        this.form = v.fieldErrors ? new ConsoleForm(v.form, this.msg, Object.keys(v.fieldErrors), this.lastFormValues) : new ConsoleForm(v.form, this.msg);
        this.write(`== ${v.form.title} ==`, 'heading');
        const notes = (v.form.notes ?? []).map((n) => `${n}\n`).join('');
        this.write(` ${this.msg.formCancelHint}\n${notes}${this.form.question()}`);
      } else this.show(v);
    }
  }

  private async formAnswer(line: string): Promise<void> {
    const form = this.form!;
    if (['avbryt', 'cancel'].includes(line.trim().toLowerCase())) {
      delete this.form;
      return this.write(`${this.msg.formCancelled}\n`);
    }
    const problem = form.answer(line);
    if (problem) return this.write(problem, 'error'), this.write(`\n${form.question()}`);
    if (!form.done) return this.write(form.question());
    delete this.form;
    this.lastFormValues = form.values;
    this.showReply(await this.send({ text: '', form: { id: form.spec.id, context: form.spec.context, values: form.values } }));
  }

  show(v: View, prefix = ''): void {
    this.write(prefix);
    if (v.kind === 'error') return this.write(viewToText(v, CONSOLE_SYNTAX), 'error'), this.write('\n');
    viewToText(v, CONSOLE_SYNTAX).split('\n').forEach((l, i) => {
      if (i) this.write('\n');
      this.write(l, l.startsWith('== ') ? 'heading' : l.startsWith('[') ? 'dim' : undefined);
    });
    this.write('\n');
  }

  private switchUser(handle: string | undefined): void {
    const examples = this.directory.municipalities
      .map((m) => this.directory.member(m, m.coordinator)?.identities.console)
      .filter(Boolean)
      .join(', ');
    if (!handle) return this.write(`${this.msg.consoleAsUsage(examples)}\n`);
    const actor = this.directory.actor('console', handle);
    if (!actor) return this.write(this.msg.consoleUnknownHandle(handle, examples), 'error'), this.write('\n');
    this.handle = handle;
    this.write(`${this.msg.consoleAs(actor.member.name, actor.member.role, actor.municipality.name)}\n`);
  }

  /** Demo only (SLT_NOW): move the clock forward, e.g. +2d, +3h, +30m; what falls due on the way is sent at its moment. */
  private moveClock(arg: string | undefined): void {
    const m = /^\+(\d+)([dhm])$/.exec(arg ?? '');
    const clock = this.demoClock!;
    if (!m) return this.write(`${this.msg.consoleClockUsage(osloTime(clock.now(), this.lang))}\n`);
    const ms = Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
    const { until, played } = clock.advance(ms);
    this.write(`${this.msg.consoleClock(osloTime(until, this.lang))}\n`);
    this.busy = played;
  }

  /**
   * A message the bot sent (console chat port). Yours (a DM to you, a post in the channel you are in)
   * is shown whole; messages to others are folded into one line per title, so a demo's first
   * round of invitations to every member of five municipalities stays readable.
   */
  deliver(v: View, prefix: string, target: ConsoleTarget): void {
    const mine = (target.kind === 'dm' && target.id === this.handle) || (target.kind === 'channel' && target.id === this.channel);
    if (mine || !v.title) {
      this.flushOthers();
      return this.show(v, prefix);
    }
    const where = target.kind === 'channel' ? `#${target.id}` : target.id;
    if (this.others && this.others.title !== v.title) this.flushOthers();
    this.others ??= { title: v.title, targets: [] };
    this.others.targets.push(where);
    this.othersTimer ??= setTimeout(() => this.flushOthers(), 50);
    this.othersTimer.unref?.();
  }

  flushOthers(): void {
    if (this.othersTimer) clearTimeout(this.othersTimer);
    this.othersTimer = undefined;
    const o = this.others;
    if (!o) return;
    this.others = undefined;
    const shown = o.targets.slice(0, 6).join(', ') + (o.targets.length > 6 ? ` +${o.targets.length - 6}` : '');
    this.write(`📣 ${o.title} → ${shown}`, 'dim');
    this.write('\n');
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
