import type { Platform } from '../model/municipality';
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
}

export interface CommandSpec {
  /** one or two words, e.g. "next" or "agenda add" */
  name: string;
  aliases?: string[];
  usage: string;
  /** flags this command accepts */
  flags?: string[];
  /** its reply says itself when the messages it causes go out (otherwise a note is added in quiet hours) */
  announcesSendTime?: boolean;
  run(ctx: CommandContext): Promise<Reply>;
}
