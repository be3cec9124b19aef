import { createHash } from 'node:crypto';
import type { ForumRef } from '../model/directory';
import { agendaView } from '../views/agenda-view';
import { inLanguageOf } from '../views/view-context';
import { actorId, type UseCaseContext } from './context';

const hashOf = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/**
 * Post the public agenda to the forum's channels. A later publication of the same meeting replaces
 * the earlier post (edited in place) instead of posting a second agenda.
 */
export async function publishAgenda(ctx: UseCaseContext, ref: ForumRef, meetingId: string): Promise<void> {
  const actor = actorId(ctx);
  const { tx: store, notifier } = ctx;
  const meeting = (await store.meeting(meetingId))!;
  const version = ((await store.publication(meetingId))?.version ?? 0) + 1;
  // published first, so the channel's view is that of a published agenda (observers see its items)
  await store.putPublication({ meetingId, version, publishedAt: ctx.nowUtc, publishedBy: actor });
  const agenda = await agendaView(inLanguageOf(ctx, ref.municipality), ref, meeting, { kind: 'channel' });
  await notifier.enqueue({
    key: `agenda:${meetingId}:v${version}`,
    to: { kind: 'forum', ref },
    // the current agenda stays pinned in the channel (in place of the previous meeting's)
    view: { ...agenda, pin: { group: `agenda:${ref.municipality.id}/${ref.forum.id}` } },
    ...(version > 1 ? { replaces: `agenda:${meetingId}:v1` } : {}),
  });
  await store.putPublication({ meetingId, version, publishedAt: ctx.nowUtc, publishedBy: actor, contentHash: hashOf(agenda) });
  await store.appendAudit({ at: ctx.nowUtc, actor, action: 'publish', municipalityId: ref.municipality.id, forumId: ref.forum.id, meetingId });
}

/**
 * After a change to items (a decision, a deferral, a withdrawal, consent): the already published
 * agenda of each meeting touched is updated in place when what the channel sees has changed.
 * Meetings already started are left as they were posted.
 */
export async function refreshPublishedAgendas(ctx: UseCaseContext, ref: ForumRef, meetingIds: readonly string[]): Promise<void> {
  for (const id of new Set(meetingIds)) {
    const published = await ctx.tx.publication(id);
    const meeting = await ctx.tx.meeting(id);
    if (!published || !meeting || meeting.status !== 'planned' || meeting.startUtc <= ctx.nowUtc) continue;
    if (hashOf(await agendaView(inLanguageOf(ctx, ref.municipality), ref, meeting, { kind: 'channel' })) === published.contentHash) continue;
    await publishAgenda(ctx, ref, id);
  }
}
