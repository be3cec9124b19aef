import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { argumentProblem } from './commands/check-arguments';
import { editDistance, GrammarError, parseLine, type ParsedCommand } from './commands/grammar';
import { aliasesOf } from './commands/types';
import { booleanFlags, usageLine } from './commands/usage';
import { FORM_HANDLERS } from './commands/form-submissions';
import { requireWho } from './commands/who-may-run';
import { helpCommand } from './commands/help-command';
import type { CommandContext, CommandRequest, CommandSpec } from './commands/types';
import { StorageUnavailableError, type StoreTx } from './ports/store';
import { type CoreDeps, readContext, useCaseContext } from './use-cases/context';
import { refreshHomes } from './use-cases/home-refresh';
import { UserError } from './use-cases/user-error';
import { formatDateTime } from './i18n/format';
import type { Municipality } from './model/municipality';
import { deferredUntil } from './model/quiet-hours';
import { type Messages, messages } from './i18n';
import { clip, flagMax, FORM_ENTRIES_MAX, FORM_VALUE_MAX, LINE_MAX, REQUEST_ID_MAX } from './input/input-limits';
import { sanitizeText } from './input/sanitize-text';
import type { Language } from './model/primitives';
import { errorView, type FormSpec, type Reply, type View, view } from './model/view';
import type { Platform } from './model/municipality';
import { type CalendarFile, invitationFile } from './views/invitation-file';
import { homeView } from './views/home-view';
import { cmd } from './model/markup';

export type ErrorReporter = (error: unknown, where: { command: string; platform: string }) => void;

/** Another instance remembered its reply to the same delivery while this one worked on it: roll back, answer with that one. */
class AnsweredElsewhere extends Error {}

/** No store at all: for answers that need none (an unknown command's help, a refusal outside a transaction). */
const NO_STORE = new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`store.${String(name)} used where no transaction runs`)) }) as StoreTx;

/**
 * The bot's single entry point for commands from every platform. A command runs inside one database
 * transaction together with its audit lines, outbox messages and the remembered reply (so a retried
 * delivery is answered from memory and never acts twice, also when several instances receive it).
 */
export class SltBot {
  readonly commands: readonly CommandSpec[];
  /** the flags of the table that take no value */
  private readonly booleanFlags: ReadonlySet<string>;
  /** each command's name and aliases to the first command of the table that has it (as a search of the table in order would find) */
  private readonly byName = new Map<string, CommandSpec>();

  constructor(readonly deps: CoreDeps, commands: readonly CommandSpec[], private readonly reportError: ErrorReporter = () => {}) {
    this.commands = [helpCommand(() => this.commands), ...commands];
    this.booleanFlags = booleanFlags(this.commands);
    for (const c of this.commands) {
      for (const name of [c.name, ...aliasesOf(c)]) if (!this.byName.has(name)) this.byName.set(name, c);
    }
  }

  async handle(raw: CommandRequest): Promise<Reply> {
    const requestKey = requestKeyOf(raw);
    const { store } = this.deps;
    // a retried delivery is answered from memory inside the transaction below (looked up on the connection
    // that writes; a look-up before it, on the reader, found nothing nearly always and cost a cold read)
    const now = this.deps.clock.now();
    const actor = this.deps.directory.actor(raw.platform, raw.userId);
    const lang = this.languageOf(raw);
    const msg = messages(lang);
    // limits first: nothing below (the grammar, the personal-data guard) ever reads an oversized text
    const tooLarge = sizeProblem(raw, msg);
    if (tooLarge) return { views: [tooLarge] };
    const req = sanitized(raw);
    let cmd: ParsedCommand;
    try {
      cmd = req.form ? { words: [], args: [], quoted: [], flags: {} } : parseLine(req.text, this.booleanFlags);
    } catch (e) {
      if (e instanceof GrammarError) {
        return { views: [errorView(e.key === 'unterminated-quote' ? msg.unterminatedQuote : msg.emptyFlag(clip(e.detail ?? '')))] };
      }
      throw e;
    }
    const longFlag = Object.entries(cmd.flags).find(([f, v]) => typeof v === 'string' && v.length > flagMax(f));
    if (longFlag) return { views: [errorView(msg.tooLong(`--${clip(longFlag[0])}`, flagMax(longFlag[0])))] };
    const { spec, cmd: resolved } = req.form ? { spec: FORM_HANDLERS[req.form.id], cmd } : this.resolve(cmd);
    /** A fresh context in `tx` (a transaction may be run again: nothing is kept from an earlier try). */
    const contextIn = (tx: StoreTx, afterCommit: (() => void)[] = []) => {
      // which municipalities' messages this command queues (quiet hours: the reply says when they go out)
      const notified = new Set<Municipality>();
      const ctx: CommandContext = {
        ...useCaseContext(this.deps, tx, now, lang, actor, { afterCommit, revealed: new Set<string>(), onEnqueue: (m) => notified.add(m) }), req, cmd: resolved, ...(spec ? { spec } : {}),
      };
      return { ctx, notified };
    };
    if (!spec) return this.unknown(contextIn(NO_STORE).ctx, cmd.words[0] ?? '');
    // a typed command is checked against its declaration (a form carries its own fields)
    const problem = req.form ? undefined : argumentProblem(spec, resolved, msg);
    if (problem) return { views: [errorView(problem)] };
    let afterCommit: (() => void)[] = [];
    let last: CommandContext | undefined;
    try {
      const reply = await store.transaction(async (tx) => {
        if (requestKey) {
          const seen = await tx.processedReply(requestKey); // another instance may have answered it first
          if (seen) return JSON.parse(seen) as Reply;
        }
        afterCommit = [];
        const { ctx, notified } = contextIn(tx, afterCommit);
        last = ctx;
        await requireWho(ctx, spec); // who may run it: from the declaration, before anything else
        const ran = await spec.run(ctx);
        const reply = withMissingTexts(ctx, spec.announcesSendTime ? ran : withSendTime(ctx, ran, notified));
        // whatever the command saved may change what people's home views show: refreshed (coalesced per person);
        // the count runs from the transaction's start, where nothing but the look-up above (a read) ran before it
        if (ctx.actor && (await tx.changeCount()) !== 0) await refreshHomes(ctx, ctx.actor.municipality);
        if (ctx.revealed?.size) reply.revealsCases = [...ctx.revealed];
        if (requestKey && !(await tx.rememberReply(requestKey, JSON.stringify(reply), ctx.nowUtc))) throw new AnsweredElsewhere();
        return reply;
      });
      for (const hook of afterCommit) hook();
      return reply;
    } catch (e) {
      const ctx = last ?? contextIn(NO_STORE).ctx;
      if (e instanceof AnsweredElsewhere && requestKey) {
        // another instance stored its reply to the same delivery between our check and ours: that one counts
        const seen = await store.read.processedReply(requestKey);
        if (seen) return JSON.parse(seen) as Reply;
      }
      if (e instanceof UserError) return withMissingTexts(ctx, { views: [e.view] });
      if (e instanceof StorageUnavailableError) {
        // a retried delivery of a command that was stored gets its reply, also while nothing can be written
        const seen = requestKey ? await store.read.processedReply(requestKey).catch(() => undefined) : undefined;
        if (seen) return JSON.parse(seen) as Reply;
        return this.withoutSaving(ctx, spec, e);
      }
      this.reportError(e, { command: spec.name, platform: req.platform });
      return { views: [errorView(msg.internalError)] };
    }
  }

  /**
   * The database cannot take a write (locked by another writer, or gone, read-only or full): a command
   * that only reads still answers; one that would save anything says plainly that nothing was stored
   * ("busy, try again", or "cannot save right now").
   */
  private async withoutSaving(failed: CommandContext, spec: CommandSpec, fault: StorageUnavailableError): Promise<Reply> {
    this.reportError(fault, { command: spec.name, platform: failed.req.platform });
    let ctx = failed;
    try {
      return await this.deps.store.readOnly(async (tx) => {
        ctx = { ...failed, ...useCaseContext(this.deps, tx, failed.now, failed.lang, failed.actor, { revealed: new Set<string>() }) };
        await requireWho(ctx, spec);
        const reply = withMissingTexts(ctx, await spec.run(ctx));
        if (ctx.revealed?.size) reply.revealsCases = [...ctx.revealed];
        return reply;
      }, fault.kind);
    } catch (e) {
      if (e instanceof UserError) return withMissingTexts(ctx, { views: [e.view] });
      if (e instanceof StorageUnavailableError) return { views: [errorView(e.kind === 'busy' ? ctx.msg.storageBusy : ctx.msg.storageUnavailable)] };
      this.reportError(e, { command: spec.name, platform: ctx.req.platform });
      return { views: [errorView(ctx.msg.internalError)] };
    }
  }

  /** A person's home view as it is now (Slack's App Home); someone the bot does not know is told who to ask. */
  async home(platform: Platform, userId: string): Promise<View> {
    const actor = this.deps.directory.actor(platform, userId);
    const ctx = readContext(this.deps, this.deps.clock.now(), this.languageOf({ platform, userId }));
    return homeView(ctx, { ...(actor ? { actor } : {}), platform, userId });
  }

  /** The language of an answer: the channel's forum's, else the person's municipality's, else bokmål. */
  languageOf(req: Pick<CommandRequest, 'platform' | 'userId' | 'channelId'>): Language {
    const channelForum = this.deps.directory.forumOfChannel(req.platform, req.channelId);
    return channelForum?.municipality.language ?? this.deps.directory.actor(req.platform, req.userId)?.municipality.language ?? 'nb';
  }

  /** A form the platform could not open in time (Slack's trigger expired): what to tell the person instead. */
  formExpired(req: Pick<CommandRequest, 'platform' | 'userId' | 'channelId'>, form: FormSpec): string {
    const typed = form.id === 'decision-text'
      ? cmd(`${form.context.verb ?? ''} ${form.context.ref ?? ''} <${(form.fields[0]?.label ?? '').toLowerCase()}>`)
      : undefined;
    const msg = messages(this.languageOf(req));
    const add = this.commands.find((c) => c.name === 'agenda add');
    return msg.formExpired(typed ?? cmd(add ? usageLine(add, msg) : 'agenda add'));
  }

  /**
   * Show a reply that travels apart from the platform's acknowledgement (an ephemeral message, a
   * personal chat) once per request: a retried delivery of the same request shows nothing again. If
   * showing fails, a later retry may show it. A storage fault never keeps a reply from being shown.
   */
  async showOnce(req: CommandRequest, show: () => Promise<void>): Promise<void> {
    const key = requestKeyOf(req);
    const nowUtc = DateTime.fromJSDate(this.deps.clock.now()).toUTC().toISO() as string;
    let claimed = false;
    if (key) {
      try {
        if (!(await this.deps.store.transaction((tx) => tx.claimShown(key, nowUtc)))) return;
        claimed = true;
      } catch {
        // better shown twice than never
      }
    }
    try {
      await show();
    } catch (e) {
      if (claimed && key) {
        try {
          await this.deps.store.transaction((tx) => tx.unclaimShown(key));
        } catch {
          // the claim stays; the reply is not shown again
        }
      }
      throw e;
    }
  }

  /**
   * A reply the platform keeps as a message (e.g. in a Teams personal chat) that showed case texts:
   * remembered by its message id, so that retention can edit it to a redacted card when a case is erased.
   */
  async rememberDelivered(platform: Platform, target: { kind: 'channel' | 'dm'; id: string }, messageId: string | undefined, reply: Reply): Promise<void> {
    if (!messageId || !reply.revealsCases?.length) return;
    const nowUtc = DateTime.fromJSDate(this.deps.clock.now()).toUTC().toISO() as string;
    await this.deps.store.transaction(async (tx) => {
      for (const ref of reply.revealsCases ?? []) {
        const item = await tx.item(ref);
        if (item) await tx.recordDeliveredCopy({ platform, targetKind: target.kind, target: target.id, messageId, itemRef: item.ref, municipalityId: item.municipalityId }, nowUtc);
      }
    });
  }

  /**
   * A meeting's calendar file as it is now, for a person of its forum (a platform that hands files over
   * only when the person accepts them: Teams). Undefined for anyone else or an unknown meeting.
   */
  async calendarFile(req: Pick<CommandRequest, 'platform' | 'userId'>, meetingId: string): Promise<CalendarFile | undefined> {
    const { store, directory } = this.deps;
    const mt = await store.read.meeting(meetingId);
    const ref = mt && directory.forumById(mt.municipalityId, mt.forumId);
    const actor = directory.actor(req.platform, req.userId);
    if (!mt || !ref || actor?.municipality.id !== ref.municipality.id || directory.roleIn(ref, actor.member.id) === 'stranger') return undefined;
    return invitationFile(this.deps, ref, mt, DateTime.fromJSDate(this.deps.clock.now()).toUTC().toISO() as string);
  }

  /** Match the command words against the table ("agenda add" before "agenda"). */
  private resolve(cmd: ParsedCommand): { spec?: CommandSpec; cmd: ParsedCommand } {
    const [w0, w1] = cmd.words;
    const find = (name: string) => this.byName.get(name);
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

  private async unknown(ctx: CommandContext, typed: string): Promise<Reply> {
    // a suggestion needs no more than the first characters (and editDistance is |word| × |name|)
    const word = clip(typed);
    const names = this.commands.flatMap((c) => [c.name.split(' ')[0]!, ...aliasesOf(c)]);
    const best = names
      .map((n) => ({ n, d: editDistance(word, n) }))
      .sort((a, b) => a.d - b.d)[0];
    const closest = best && best.d <= Math.max(2, Math.floor(word.length / 2))
      ? this.commands.find((c) => c.name.split(' ')[0] === best.n || aliasesOf(c).includes(best.n))?.name
      : undefined;
    const lines = [ctx.msg.unknownCommand(word), ...(closest ? [ctx.msg.didYouMean(closest)] : [])];
    const help = await this.commands[0]!.run({ ...ctx, cmd: { words: ['help'], args: [], quoted: [], flags: {} } });
    return { views: [view('error', undefined, { lines }), ...help.views] };
  }
}

/**
 * Nothing is sent in quiet hours: a reply to a command whose messages wait for the morning says when
 * they go out, so nobody believes a post or a DM went out now.
 */
function withSendTime(ctx: CommandContext, reply: Reply, notified: ReadonlySet<Municipality>): Reply {
  const later = [...notified].map((m) => ({ m, at: deferredUntil(ctx.nowUtc, m) })).find((x) => x.at);
  if (!later?.at) return reply;
  return { ...reply, views: [...reply.views, view('info', undefined, { lines: [ctx.msg.quietHoursNote(formatDateTime(later.at, later.m.timeZone, ctx.lang))] })] };
}

/** Every required field of a form says, in the user's language, that it must be filled in. */
function withMissingTexts(ctx: CommandContext, reply: Reply): Reply {
  if (!reply.views.some((v) => v.form)) return reply;
  return {
    ...reply,
    views: reply.views.map((v) => (v.form ? {
      ...v, form: { ...v.form, fields: v.form.fields.map((f) => (f.required && !f.missing ? { ...f, missing: `${f.label} ${ctx.msg.required}` } : f)) },
    } : v)),
  };
}

/** A platform's delivery id as it is remembered: a hostile, very long one is kept as its hash. */
const requestKeyOf = (req: Pick<CommandRequest, 'platform' | 'requestId'>): string | undefined => {
  if (!req.requestId) return undefined;
  const id = req.requestId.length <= REQUEST_ID_MAX ? req.requestId : `sha256:${createHash('sha256').update(req.requestId).digest('hex')}`;
  return `${req.platform}:${id}`;
};

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
    ...(req.prefill ? { prefill: { description: sanitizeText(req.prefill.description), ...(req.prefill.sourceLink ? { sourceLink: sanitizeText(req.prefill.sourceLink) } : {}) } } : {}),
  };
}
