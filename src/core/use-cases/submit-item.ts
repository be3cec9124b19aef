import { isIsoDate } from '../model/primitives';
import { TEXT_MAX, TITLE_MAX } from '../input/input-limits';
import type { ForumRef } from '../model/directory';
import { forumCode } from '../model/municipality';
import { type AgendaItem, CATEGORIES, type ItemKind, type MeetingRecord } from '../model/records';
import { itemCard } from '../views/item-card';
import { upcomingMeetings } from '../views/meeting-view';
import { inLanguageOf } from '../views/view-context';
import { actorId, type UseCaseContext } from './context';
import { refused } from './user-error';
import { textProblem } from './screening';
import { notifyMember, saveTransition } from './transitions';

export interface SubmissionInput {
  title: string;
  description?: string;
  kind: ItemKind;
  category?: string;
  /** local date of the meeting; default the next one */
  meetingDate?: string;
  /** the item in another forum this one is raised from */
  raisedFrom?: string;
  /** a link back to the chat message the item was made from (checked with sourceLinkOf) */
  sourceLink?: string;
}

/** Problems per form field (empty when the submission may go ahead). */
export async function submissionProblems(ctx: UseCaseContext, ref: ForumRef, input: SubmissionInput): Promise<Record<string, string>> {
  const m = ctx.msg;
  const problems: Record<string, string> = {};
  const title = input.title.trim();
  if (!title) problems.title = `${m.fieldTitle} ${m.required}`;
  else {
    const p = textProblem(ctx, m.fieldTitle, title, TITLE_MAX);
    if (p) problems.title = p;
  }
  if (input.description) {
    const p = textProblem(ctx, m.fieldDescription, input.description, TEXT_MAX);
    if (p) problems.description = p;
  }
  if (input.kind === 'case' && !ref.forum.allowsCases) problems.kind = m.casesNotAllowed(ref.forum.name);
  if (input.category && !(CATEGORIES as readonly string[]).includes(input.category)) {
    problems.category = m.unknownCategory(CATEGORIES.map((c) => m.categoryName[c]).join(', '));
  }
  if (input.meetingDate !== undefined) {
    if (!isIsoDate(input.meetingDate)) problems.meeting = m.badDate('meeting');
    else if (!(await upcomingMeetings(ctx, ref)).some((mt) => mt.date === input.meetingDate)) problems.meeting = m.noMeetingOn(input.meetingDate, ref.forum.name);
  }
  return problems;
}

/** The next item reference of a forum, e.g. TUT-2027-014 (numbered per forum and year of the meeting). */
async function nextRef(ctx: UseCaseContext, ref: ForumRef, meeting: MeetingRecord): Promise<string> {
  const prefix = `${forumCode(ref.forum)}-${meeting.date.slice(0, 4)}`;
  const n = await ctx.tx.nextItemNumber(`${ref.municipality.id}/${prefix}`);
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

/** A submitted item, the meeting it is for, and the meeting after that (where a late item would otherwise go). */
export interface Submitted {
  item: AgendaItem;
  meeting: MeetingRecord;
  following?: MeetingRecord;
}

/**
 * Submit an item for the acting member (input already checked with submissionProblems). Before the
 * meeting's referral deadline (inclusive) it is *submitted*; after it, *late*, and the deciders are
 * asked to take it anyway, move it or decline it. Deciders get the item card with buttons as a DM.
 */
export async function submitItem(ctx: UseCaseContext, ref: ForumRef, input: SubmissionInput): Promise<Submitted> {
  const upcoming = await upcomingMeetings(ctx, ref);
  const meeting = input.meetingDate ? upcoming.find((mt) => mt.date === input.meetingDate) : upcoming[0];
  if (!meeting) throw refused(ctx.msg.noUpcoming(ref.forum.name));
  const late = ctx.nowUtc > meeting.deadlineUtc;
  const item: AgendaItem = {
    ref: await nextRef(ctx, ref, meeting),
    municipalityId: ref.municipality.id,
    forumId: ref.forum.id,
    meetingId: meeting.id,
    kind: input.kind,
    category: input.category ?? 'annet',
    title: input.title.trim(),
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    submitterId: actorId(ctx),
    state: late ? 'late' : 'submitted',
    late,
    ...(input.raisedFrom ? { raisedFrom: input.raisedFrom } : {}),
    ...(input.sourceLink ? { sourceLink: input.sourceLink } : {}),
    createdAt: ctx.nowUtc,
    updatedAt: ctx.nowUtc,
  };
  await saveTransition(ctx, undefined, item, 'submit');
  const rc = inLanguageOf(ctx, ref.municipality);
  const cardTitle = late ? rc.msg.lateItemTitle(ref.forum.name) : rc.msg.newItemTitle(ref.forum.name);
  for (const decider of ctx.directory.deciders(ref)) {
    if (decider === item.submitterId) continue;
    await notifyMember(ctx, ref, decider, `item:${item.ref}:new:${decider}`, await itemCard(rc, ref, item, { viewer: decider, withActions: true, title: cardTitle, view: 'dm' }));
  }
  const following = upcoming[upcoming.indexOf(meeting) + 1];
  return { item, meeting, ...(following ? { following } : {}) };
}
