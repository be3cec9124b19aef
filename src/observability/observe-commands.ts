import type { SltBot } from '../core/bot';
import type { CommandRequest } from '../core/commands/types';
import type { Reply } from '../core/model/view';
import type { Log } from './logger';
import type { CommandObserver, CommandOutcome } from './metrics';
import { currentRequest, noteUserTexts, withRequest } from './request-context';

/** ok; refused: the answer is an error view (no right, a bad argument, unknown command); error: the core reported an internal error. */
function outcomeOf(reply: Reply): CommandOutcome {
  if (currentRequest()?.failed) return 'error';
  return reply.views.some((v) => v.kind === 'error') ? 'refused' : 'ok';
}

/**
 * Wraps `bot.handle` where the app is built (the core stays free of logs and metrics): each command
 * runs as a request (its id on every log line; the texts the person sent are noted, so the log masks
 * them wherever they might appear), and its outcome and time go to the observer and a debug line.
 * Renders the bot does on its own (a home view the outbox sends) run inside `background` and are not counted.
 */
export function observeCommands(bot: SltBot, log: Log, observer?: CommandObserver): void {
  const handle = bot.handle.bind(bot);
  bot.handle = (req: CommandRequest): Promise<Reply> => {
    if (currentRequest()?.background) return handle(req);
    return withRequest({ platform: req.platform, failed: false }, async () => {
      noteUserTexts([req.text, ...Object.values(req.form?.values ?? {}), req.prefill?.description, req.prefill?.sourceLink]);
      const started = performance.now();
      let reply: Reply;
      try {
        reply = await handle(req);
      } catch (e) {
        observer?.command(req.platform, 'error', (performance.now() - started) / 1000);
        throw e;
      }
      const outcome = outcomeOf(reply);
      const seconds = (performance.now() - started) / 1000;
      observer?.command(req.platform, outcome, seconds);
      log.debug({ event: 'command', platform: req.platform, outcome, ms: Math.round(seconds * 1000) }, `command on ${req.platform}: ${outcome}`);
      return reply;
    });
  };
}

/** Run work the bot does on its own (not a person's command): it is not counted as a command. */
export const inBackground = <T>(fn: () => T): T => withRequest({ background: true }, fn);

/** Mark the command being handled as failed inside the core (its internal error was reported). */
export function markCommandFailed(): void {
  const ctx = currentRequest();
  if (ctx) ctx.failed = true;
}
