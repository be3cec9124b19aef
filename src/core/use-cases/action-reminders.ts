import { DateTime } from 'luxon';
import type { ForumRef } from '../model/directory';
import { view } from '../model/view';
import { ownActionText } from '../views/minutes-view';
import { inLanguageOf, type ViewContext } from '../views/view-context';
import { type DueWork, iso } from './due-work';

/** A DM to the owner of each open action some days before it is due (useful until the due day ends). */
export async function actionReminders(reads: ViewContext, ref: ForumRef): Promise<DueWork[]> {
  const { municipality: m, forum } = ref;
  const n = forum.notifications;
  return (await reads.tx.actionsOfForum(m.id, forum.id)).filter((a) => a.status === 'open').map((a) => {
    const due = DateTime.fromISO(a.due, { zone: m.timeZone });
    const at = due.minus({ days: n.actionReminderDays }).set({ hour: Number(n.reminderTime.slice(0, 2)), minute: Number(n.reminderTime.slice(3, 5)) });
    const endOfDue = iso(due.endOf('day'));
    return {
      key: `action-reminder:${a.id}`,
      at: iso(at),
      usefulUntil: endOfDue,
      run: async (ctx) => {
        const rc = inLanguageOf(ctx, m);
        await ctx.notifier.enqueue({
          key: `action-reminder:${a.id}`,
          to: { kind: 'member', municipality: m, memberId: a.ownerId },
          expiresUtc: endOfDue,
          view: view('info', rc.msg.actionReminderTitle, { lines: [rc.msg.actionReminderText(await ownActionText(rc, ref, a, 'action-reminder'), forum.name, a.id)] }),
        });
      },
    };
  });
}
