import path from 'node:path';
import type { ChatPort } from '../../src/core/ports/chat-port';
import type { View } from '../../src/core/model/view';
import { messages, type Messages } from '../../src/core/i18n';
import { ensurePrivateDir, writePrivateFile } from '../../src/store/private-files';

export interface ConsoleTarget {
  kind: 'channel' | 'dm';
  id: string;
}

/**
 * Channel posts and DMs appear in the terminal, marked with where they went (and, in demos, when).
 * A message's file (an invitation's .ics) is written to `filesDir` (readable by this user only) and
 * shown by its path, so the try-out gives the same file a member receives in Slack or Teams.
 */
export class ConsoleChatPort implements ChatPort {
  readonly platform = 'console' as const;
  private n = 0;

  constructor(
    private readonly show: (v: View, prefix: string, target: ConsoleTarget) => void | Promise<void>,
    private readonly timeLabel?: (target: ConsoleTarget) => string,
    private readonly filesDir?: string,
    /** the catalog of the person or channel a message goes to (where it went is said in their language) */
    private readonly catalogOf: (target: ConsoleTarget) => Messages = () => messages('nb'),
  ) {}

  async send(target: ConsoleTarget, view: View, replaceMessageId?: string): Promise<string> {
    const msg = this.catalogOf(target);
    const where = target.kind === 'channel' ? `#${target.id}` : msg.consoleDmTo(target.id);
    const edit = replaceMessageId ? ` (${msg.consoleUpdates(replaceMessageId)})` : '';
    const when = this.timeLabel ? ` · ${this.timeLabel(target)}` : '';
    await this.show(this.withFile(view), `\n📣 [${where}${when}]${edit}\n`, { kind: target.kind, id: target.id });
    return replaceMessageId ?? `console-${++this.n}`;
  }

  /** The view with its file written to disk and named by its path. */
  private withFile(view: View): View {
    if (!view.attachment || !this.filesDir) return view;
    ensurePrivateDir(this.filesDir);
    const file = path.join(this.filesDir, path.basename(view.attachment.filename));
    writePrivateFile(file, view.attachment.content);
    return { ...view, attachment: { ...view.attachment, filename: file } };
  }
}
