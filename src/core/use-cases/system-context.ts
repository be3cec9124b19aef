import { DateTime } from 'luxon';
import { messages } from '../i18n';
import type { Municipality } from '../model/municipality';
import type { CommandContext, CoreDeps } from '../commands/types';

/** A command context for work the bot does on its own (no person asked): the scheduler's views. */
export function systemContext(deps: CoreDeps, now: Date, m: Municipality): CommandContext {
  return {
    deps,
    req: { platform: 'console', userId: 'system', text: '' },
    cmd: { words: [], args: [], quoted: [], flags: {} },
    now,
    nowUtc: DateTime.fromJSDate(now).toUTC().toISO() as string,
    lang: m.language,
    msg: messages(m.language),
  };
}
