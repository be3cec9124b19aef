import { createHash } from 'node:crypto';
import type { CommandContext } from '../commands/types';
import type { ForumRef } from '../directory';
import { agendaView } from './agenda-view';

const hashOf = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/**
 * Post the public agenda to the forum's channels. A later publication of the same meeting replaces
 * the earlier post (edited in place) instead of posting a second agenda.
 */
export function publishAgenda(ctx: CommandContext, ref: ForumRef, meetingId: string, actor: string): void {
  const { store, notifier } = ctx.deps;
  const meeting = store.meeting(meetingId)!;
  const version = (store.publication(meetingId)?.version ?? 0) + 1;
  // published first, so the channel's view is that of a published agenda (observers see its items)
  store.putPublication({ meetingId, version, publishedAt: ctx.nowUtc, publishedBy: actor });
  const agenda = agendaView(ctx, ref, meeting, { kind: 'channel' });
  notifier.enqueue({
    key: `agenda:${meetingId}:v${version}`,
    to: { kind: 'forum', ref },
    // the current agenda stays pinned in the channel (in place of the previous meeting's)
    view: { ...agenda, pin: { group: `agenda:${ref.municipality.id}/${ref.forum.id}` } },
    ...(version > 1 ? { replaces: `agenda:${meetingId}:v1` } : {}),
  }, ctx.nowUtc);
  store.putPublication({ meetingId, version, publishedAt: ctx.nowUtc, publishedBy: actor, contentHash: hashOf(agenda) });
  store.appendAudit({ at: ctx.nowUtc, actor, action: 'publish', municipalityId: ref.municipality.id, forumId: ref.forum.id, meetingId });
}

/**
 * After a change to items (a decision, a deferral, a withdrawal, consent): the already published
 * agenda of each meeting touched is updated in place when what the channel sees has changed.
 * Meetings already started are left as they were posted.
 */
export function refreshPublishedAgendas(ctx: CommandContext, ref: ForumRef, meetingIds: readonly string[]): void {
  for (const id of new Set(meetingIds)) {
    const published = ctx.deps.store.publication(id);
    const meeting = ctx.deps.store.meeting(id);
    if (!published || !meeting || meeting.status !== 'planned' || meeting.startUtc <= ctx.nowUtc) continue;
    if (hashOf(agendaView(ctx, ref, meeting, { kind: 'channel' })) === published.contentHash) continue;
    publishAgenda(ctx, ref, id, ctx.actor?.member.id ?? 'system');
  }
}
