import type { Messages } from '../i18n';
import type { Platform } from '../model/municipality';
import type { Language } from '../model/primitives';
import type { Placeholder, Who } from '../model/command-terms';

export { PLACEHOLDERS, type Placeholder, WHO, type Who } from '../model/command-terms';
import type { Prefill } from '../model/prefill';
import type { Reply } from '../model/view';
import type { UseCaseContext } from '../use-cases/context';
import type { ParsedCommand } from './grammar';

/** One command as it arrives from any platform. */
export interface CommandRequest {
  platform: Platform;
  /** the platform's user id (Slack U…, Teams AAD object id, console handle) */
  userId: string;
  /** where it was typed; decides the default forum */
  channelId?: string;
  text: string;
  /** the platform's delivery id: a retried delivery with the same id is answered from memory */
  requestId?: string;
  /** a submitted form (FormSpec id, its context and the values entered) instead of a typed line */
  form?: { id: string; context: Record<string, string>; values: Record<string, string> };
  /**
   * `agenda add` opened from a chat message ("Add to SLT agenda"): its text (as plain text) to prefill the
   * description with, and a link back to it. Screened by the core before anything is shown or stored.
   */
  prefill?: Prefill;
}

/**
 * What a command sees: the use-case context (who acts, when, the transaction, the ports) plus the
 * request and its parsed words. Only the command layer reads `req` and `cmd`; use cases get the
 * use-case context and the values the command parsed.
 */
export interface CommandContext extends UseCaseContext {
  req: CommandRequest;
  cmd: ParsedCommand;
  /** the command being run (its usage line is derived from it) */
  spec?: CommandSpec;
}

/** What an argument is: the core checks it (a date, a number) or looks it up (an item, a forum, a member) the same way for every command. */
export type ArgType = 'ref' | 'forum' | 'member' | 'date' | 'text' | 'number';


export interface ArgSpec {
  type: ArgType;
  /** the placeholder shown in the usage line (default: the type's) */
  placeholder?: Placeholder;
  /** may be left out (the command takes a default) */
  optional?: boolean;
  /** shown as required, but when it is left out the command asks for it with a form */
  formIfMissing?: boolean;
  /** takes the rest of the line */
  rest?: boolean;
  /** written in quotes ("<tittel>") */
  quoted?: boolean;
  /** words accepted instead of the value (e.g. `next` for a date) */
  words?: readonly string[];
}

/** A flag: with a value of a type (`--meeting <ÅÅÅÅ-MM-DD>`), or on its own (`--case`). `hidden`: accepted, not shown in the usage. */
export interface FlagSpec {
  type?: ArgType;
  placeholder?: Placeholder;
  hidden?: boolean;
}


/** The Teams command menus (the manifest's commandLists) a command is offered in. */
export type MenuScope = 'personal' | 'team' | 'groupChat';

/**
 * One command, declared once: its name, its aliases per language, its typed arguments and flags, who
 * may run it and the menus it is offered in. The parser, the help and usage lines, the argument
 * checks, the Slack slash-command hint, the Teams command menus and the console's completion are all
 * derived from these declarations (`ALL_COMMANDS`); the help text is `commandHelp[name]` in each catalog.
 */
export interface CommandSpec {
  /** one or two words, e.g. "next" or "agenda add" */
  name: string;
  aliases?: Partial<Record<Language, readonly string[]>>;
  args?: readonly ArgSpec[];
  flags?: Readonly<Record<string, FlagSpec>>;
  who: Who;
  /** who may run it with no arguments at all, when that is someone else (`bind` alone shows what the channel belongs to: any member may ask) */
  bareWho?: Who;
  /** what a refusal says the person may not do (default: by `who`, see who-may-run.ts) */
  act?: (msg: Messages) => string;
  menu?: readonly MenuScope[];
  /** its reply says itself when the messages it causes go out (otherwise a note is added in quiet hours) */
  announcesSendTime?: boolean;
  run(ctx: CommandContext): Promise<Reply>;
}

/** Every alias of a command, in every language. */
export const aliasesOf = (spec: Pick<CommandSpec, 'aliases'>): string[] => Object.values(spec.aliases ?? {}).flat();
