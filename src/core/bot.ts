import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { editDistance, GrammarError, parseLine, type ParsedCommand } from './commands/grammar';
import { FORM_HANDLERS } from './commands/form-submissions';
import { helpCommand } from './commands/help-command';
import { type CommandContext, type CommandRequest, type CommandSpec, type CoreDeps, UserError } from './commands/types';
import { type Messages, messages } from './i18n';
import { clip, flagMax, FORM_ENTRIES_MAX, FORM_VALUE_MAX, LINE_MAX, REQUEST_ID_MAX } from './input/input-limits';
import { sanitizeText } from './input/sanitize-text';
import type { Platform } from './model/municipality';
import { errorView, type Reply, type View, view } from './views';

export type ErrorReporter = (error: unknown, where: { command: string; platform: string }) => void;

/**
 * The bot's single entry point for commands from every platform.
 * Synchronous by design: a command runs inside one database transaction together with its
 * audit lines, outbox messages and the remembered reply (so a retried delivery is answered
 * from memory and never acts twice).
 */
export class SltBot {
  readonly commands: readonly CommandSpec[];

  constructor(readonly deps: CoreDeps, commands: readonly CommandSpec[], private readonly reportError: ErrorReporter = () => {}) {
    this.commands = [helpCommand(() => this.commands), ...commands];
  }

  handle(raw: CommandRequest): Reply {
    const requestKey = raw.requestId ? `${raw.platform}:${boundedId(raw.requestId)}` : undefined;
    const { store } = this.deps;
    if (requestKey) {
      const seen = store.processedReply(requestKey);
      if (seen) return JSON.parse(seen) as Reply;
    }
    const now = this.deps.clock.now();
    const actor = this.deps.directory.actor(raw.platform, raw.userId);
    const channelForum = this.deps.directory.forumOfChannel(raw.platform, raw.channelId);
    const lang = channelForum?.municipality.language ?? actor?.municipality.language ?? 'nb';
    const msg = messages(lang);
    // limits first: nothing below (the grammar, the personal-data guard) ever reads an oversized text
    const tooLarge = sizeProblem(raw, msg);
    if (tooLarge) return { views: [tooLarge] };
    const req = sanitized(raw);
    let cmd: ParsedCommand;
    try {
      cmd = req.form ? { words: [], args: [], quoted: [], flags: {} } : parseLine(req.text);
    } catch (e) {
      if (e instanceof GrammarError) {
        return { views: [errorView(e.key === 'unterminated-quote' ? msg.unterminatedQuote : msg.emptyFlag(clip(e.detail ?? '')))] };
      }
      throw e;
    }
    const longFlag = Object.entries(cmd.flags).find(([f, v]) => typeof v === 'string' && v.length > flagMax(f));
    if (longFlag) return { views: [errorView(msg.tooLong(`--${clip(longFlag[0])}`, flagMax(longFlag[0])))] };
    const { spec, cmd: resolved } = req.form ? { spec: FORM_HANDLERS[req.form.id], cmd } : this.resolve(cmd);
    const ctx: CommandContext = {
      deps: this.deps, req, cmd: resolved, now, nowUtc: DateTime.fromJSDate(now).toUTC().toISO() as string,
      lang, msg, ...(actor ? { actor } : {}), revealed: new Set<string>(),
    };
    if (!spec) return this.unknown(ctx, cmd.words[0] ?? '');
    const badFlag = Object.keys(resolved.flags).find((f) => !(spec.flags ?? []).includes(f));
    if (badFlag) return { views: [errorView(msg.unknownFlag(clip(badFlag), `/slt ${spec.usage}`))] };
    try {
      return store.transaction(() => {
        if (requestKey) {
          const seen = store.processedReply(requestKey); // another instance may have won the race
          if (seen) return JSON.parse(seen) as Reply;
        }
        const reply = spec.run(ctx);
        if (ctx.revealed?.size) reply.revealsCases = [...ctx.revealed];
        if (requestKey) store.rememberReply(requestKey, JSON.stringify(reply), ctx.nowUtc);
        return reply;
      });
    } catch (e) {
      if (e instanceof UserError) return { views: [e.view] };
      this.reportError(e, { command: spec.name, platform: req.platform });
      return { views: [errorView(msg.internalError)] };
    }
  }

  /**
   * A reply the platform keeps as a message (e.g. in a Teams personal chat) that showed case texts:
   * remembered by its message id, so that retention can edit it to a redacted card when a case is erased.
   */
  rememberDelivered(platform: Platform, target: { kind: 'channel' | 'dm'; id: string }, messageId: string | undefined, reply: Reply): void {
    if (!messageId || !reply.revealsCases?.length) return;
    const nowUtc = DateTime.fromJSDate(this.deps.clock.now()).toUTC().toISO() as string;
    const { store } = this.deps;
    store.transaction(() => {
      for (const ref of reply.revealsCases ?? []) {
        const item = store.item(ref);
        if (item) store.recordDeliveredCopy({ platform, targetKind: target.kind, target: target.id, messageId, itemRef: item.ref, municipalityId: item.municipalityId }, nowUtc);
      }
    });
  }

  /** Match the command words against the table ("agenda add" before "agenda"). */
  private resolve(cmd: ParsedCommand): { spec?: CommandSpec; cmd: ParsedCommand } {
    const [w0, w1] = cmd.words;
    const find = (name: string) => this.commands.find((c) => c.name === name || c.aliases?.includes(name));
    if (!w0) return { spec: find('help'), cmd };
    const two = w1 ? find(`${w0} ${w1}`) ?? find(`${find(w0)?.name ?? w0} ${w1}`) : undefined;
    if (two) return { spec: two, cmd: { ...cmd, words: [w0, w1!] } };
    const one = find(w0);
    const extra = w1 ? [w1] : [];
    return {
      ...(one ? { spec: one } : {}),
      cmd: { ...cmd, words: [w0], args: [...extra, ...cmd.args], quoted: [...extra.map(() => false), ...cmd.quoted] },
    };
  }

  private unknown(ctx: CommandContext, typed: string): Reply {
    // a suggestion needs no more than the first characters (and editDistance is |word| × |name|)
    const word = clip(typed);
    const names = this.commands.flatMap((c) => [c.name.split(' ')[0]!, ...(c.aliases ?? [])]);
    const best = names
      .map((n) => ({ n, d: editDistance(word, n) }))
      .sort((a, b) => a.d - b.d)[0];
    const closest = best && best.d <= Math.max(2, Math.floor(word.length / 2))
      ? this.commands.find((c) => c.name.split(' ')[0] === best.n || c.aliases?.includes(best.n))?.name
      : undefined;
    const lines = [ctx.msg.unknownCommand(word), ...(closest ? [ctx.msg.didYouMean(closest)] : [])];
    const help = this.commands[0]!.run({ ...ctx, cmd: { words: ['help'], args: [], quoted: [], flags: {} } });
    return { views: [view('error', undefined, { lines }), ...help.views] };
  }
}

/** A platform's delivery id as it is remembered: a hostile, very long one is kept as its hash. */
const boundedId = (id: string): string =>
  id.length <= REQUEST_ID_MAX ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;

/** The typed line over LINE_MAX, or a form with too many or too long values: refused at once, naming the limit. */
function sizeProblem(req: CommandRequest, msg: Messages): View | undefined {
  if (!req.form) return req.text.length > LINE_MAX ? errorView(msg.lineTooLong(LINE_MAX)) : undefined;
  const { values, context } = req.form;
  if (Object.keys(values).length > FORM_ENTRIES_MAX || Object.keys(context).length > FORM_ENTRIES_MAX || req.form.id.length > FORM_VALUE_MAX) {
    return errorView(msg.formTooLarge);
  }
  const long = Object.entries({ ...context, ...values }).find(([, v]) => v.length > FORM_VALUE_MAX);
  if (!long) return undefined;
  const text = msg.tooLong(clip(long[0]), FORM_VALUE_MAX);
  return { ...errorView(text), fieldErrors: { [clip(long[0])]: text } };
}

/** The request with every text a person wrote passed through sanitizeText (once, here, for every path). */
function sanitized(req: CommandRequest): CommandRequest {
  const clean = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sanitizeText(v)]));
  return {
    ...req,
    text: sanitizeText(req.text),
    ...(req.form ? { form: { id: req.form.id, context: clean(req.form.context), values: clean(req.form.values) } } : {}),
  };
}
