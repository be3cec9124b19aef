import type { ForumRef } from '../model/directory';
import type { MeetingRecord } from '../model/records';
import { actorId, type UseCaseContext } from './context';

/** The acting member sends regrets for a meeting, or a deputy in their place (`deputyId`). */
export async function recordAttendance(ctx: UseCaseContext, ref: ForumRef, mt: MeetingRecord, deputyId?: string): Promise<void> {
  const memberId = actorId(ctx);
  await ctx.tx.putAttendance(deputyId ? { meetingId: mt.id, memberId, status: 'deputy', deputyId } : { meetingId: mt.id, memberId, status: 'regrets' }, ctx.nowUtc);
  await ctx.tx.appendAudit({ at: ctx.nowUtc, actor: memberId, action: deputyId ? 'deputy' : 'regrets', municipalityId: ref.municipality.id, forumId: ref.forum.id, meetingId: mt.id });
}
