import { DateTime } from 'luxon';
import type { CommandContext } from '../commands/types';
import type { ForumRef } from '../directory';
import { view } from '../views';
import { ownActionText } from '../minutes/minutes-view';
import { type DueWork, iso } from './due-work';

/** A DM to the owner of each open action some days before it is due (useful until the due day ends). */
export function actionReminders(ctx: CommandContext, ref: ForumRef): DueWork[] {
  const { municipality: m, forum } = ref;
  const n = forum.notifications;
  return ctx.deps.store.actionsOfForum(m.id, forum.id).filter((a) => a.status === 'open').map((a) => {
    const due = DateTime.fromISO(a.due, { zone: m.timeZone });
    const at = due.minus({ days: n.actionReminderDays }).set({ hour: Number(n.reminderTime.slice(0, 2)), minute: Number(n.reminderTime.slice(3, 5)) });
    const endOfDue = iso(due.endOf('day'));
    return {
      key: `action-reminder:${a.id}`,
      at: iso(at),
      usefulUntil: endOfDue,
      run: () => ctx.deps.notifier.enqueue({
        key: `action-reminder:${a.id}`,
        to: { kind: 'member', municipality: m, memberId: a.ownerId },
        expiresUtc: endOfDue,
        view: view('info', ctx.msg.actionReminderTitle, { lines: [ctx.msg.actionReminderText(ownActionText(ctx, ref, a, 'action-reminder'), forum.name, a.id)] }),
      }, ctx.nowUtc),
    };
  });
}
