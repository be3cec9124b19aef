import type { ChatPort } from '../../src/core/chat-port';
import type { View } from '../../src/core/views';

/** Channel posts and DMs appear in the terminal, marked with where they went. */
export class ConsoleChatPort implements ChatPort {
  readonly platform = 'console' as const;
  private n = 0;

  constructor(private readonly show: (v: View, prefix: string) => void) {}

  async send(target: { kind: 'channel' | 'dm'; id: string }, view: View, replaceMessageId?: string): Promise<string> {
    const where = target.kind === 'channel' ? `#${target.id}` : `DM til ${target.id}`;
    const edit = replaceMessageId ? ` (oppdaterer ${replaceMessageId})` : '';
    this.show(view, `\n📣 [${where}]${edit}\n`);
    return replaceMessageId ?? `console-${++this.n}`;
  }
}
