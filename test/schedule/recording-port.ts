import { DateTime } from 'luxon';
import type { ChatPort } from '../../src/core/ports/chat-port';
import type { Platform } from '../../src/core/model/municipality';
import type { Clock } from '../../src/core/ports/clock';
import type { View } from '../../src/core/model/view';

export interface Delivered {
  kind: 'channel' | 'dm';
  target: string;
  title: string;
  text: string;
  /** local Oslo time the message was delivered */
  at: string;
  key?: string;
  view: View;
}

/** A chat port that records every delivery with the (fake) clock's local time. */
export class RecordingPort implements ChatPort {
  readonly delivered: Delivered[] = [];
  constructor(private readonly clock: Clock, readonly platform: Platform = 'console') {}

  async send(target: { kind: 'channel' | 'dm'; id: string }, view: View, _replace?: string, key?: string): Promise<string> {
    this.delivered.push({
      kind: target.kind, target: target.id, title: view.title ?? '', view,
      text: view.sections.flatMap((s) => s.lines).join('\n'),
      at: DateTime.fromJSDate(this.clock.now()).setZone('Europe/Oslo').toFormat('yyyy-MM-dd HH:mm'),
      ...(key ? { key } : {}),
    });
    return `m${this.delivered.length}`;
  }
}
