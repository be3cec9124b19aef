import type { ChatPort } from '../../src/core/ports/chat-port';
import type { View } from '../../src/core/model/view';

export interface ConsoleTarget {
  kind: 'channel' | 'dm';
  id: string;
}

/** Channel posts and DMs appear in the terminal, marked with where they went (and, in demos, when). */
export class ConsoleChatPort implements ChatPort {
  readonly platform = 'console' as const;
  private n = 0;

  constructor(
    private readonly show: (v: View, prefix: string, target: ConsoleTarget) => void | Promise<void>,
    private readonly timeLabel?: () => string,
  ) {}

  async send(target: ConsoleTarget, view: View, replaceMessageId?: string): Promise<string> {
    const where = target.kind === 'channel' ? `#${target.id}` : `DM til ${target.id}`;
    const edit = replaceMessageId ? ` (oppdaterer ${replaceMessageId})` : '';
    const when = this.timeLabel ? ` · ${this.timeLabel()}` : '';
    await this.show(view, `\n📣 [${where}${when}]${edit}\n`, { kind: target.kind, id: target.id });
    return replaceMessageId ?? `console-${++this.n}`;
  }
}
