import { DateTime } from 'luxon';
import type { ForumRef } from '../directory';
import { formatDateTime } from '../i18n/format';
import { type AgendaItem, CATEGORIES, type ItemKind } from '../model/records';
import { upcomingMeetings } from '../commands/resolve';
import type { CommandContext } from '../commands/types';
import { type FormSpec, type Reply, view } from '../views';
import { itemCard } from './item-card';
import type { ScreenedPrefill } from './prefill';
import { decidersOf, nextRef, notifyMember, saveTransition, TEXT_MAX, textProblem, TITLE_MAX, when } from './item-support';

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
export function submissionProblems(ctx: CommandContext, ref: ForumRef, input: SubmissionInput): Record<string, string> {
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
    problems.category = m.unknownCategory(CATEGORIES.join(', '));
  }
  if (input.meetingDate !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.meetingDate) || !DateTime.fromISO(input.meetingDate).isValid) problems.meeting = m.badDate('meeting');
    else if (!upcomingMeetings(ctx, ref).some((mt) => mt.date === input.meetingDate)) problems.meeting = m.noMeetingOn(input.meetingDate, ref.forum.name);
  }
  return problems;
}

/**
 * Submit an item (input already checked with submissionProblems). Before the meeting's referral
 * deadline (inclusive) it is *submitted*; after it, *late*, and the deciders are asked to take it
 * anyway, move it or decline it. Deciders get the item card with buttons as a DM.
 */
export function submitItem(ctx: CommandContext, ref: ForumRef, input: SubmissionInput): Reply {
  const m = ctx.msg;
  const upcoming = upcomingMeetings(ctx, ref);
  const meeting = input.meetingDate ? upcoming.find((mt) => mt.date === input.meetingDate) : upcoming[0];
  if (!meeting) return { views: [view('error', undefined, { lines: [m.noUpcoming(ref.forum.name)] })] };
  const late = ctx.nowUtc > meeting.deadlineUtc;
  const item: AgendaItem = {
    ref: nextRef(ctx, ref, meeting),
    municipalityId: ref.municipality.id,
    forumId: ref.forum.id,
    meetingId: meeting.id,
    kind: input.kind,
    category: input.category ?? 'annet',
    title: input.title.trim(),
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    submitterId: ctx.actor!.member.id,
    state: late ? 'late' : 'submitted',
    late,
    ...(input.raisedFrom ? { raisedFrom: input.raisedFrom } : {}),
    ...(input.sourceLink ? { sourceLink: input.sourceLink } : {}),
    createdAt: ctx.nowUtc,
    updatedAt: ctx.nowUtc,
  };
  saveTransition(ctx, undefined, item, 'submit');
  const deadline = formatDateTime(meeting.deadlineUtc, ref.municipality.timeZone, ctx.lang);
  const following = upcoming[upcoming.indexOf(meeting) + 1];
  const cardTitle = late ? m.lateItemTitle(ref.forum.name) : m.newItemTitle(ref.forum.name);
  for (const decider of decidersOf(ctx, ref)) {
    if (decider === item.submitterId) continue;
    notifyMember(ctx, ref, decider, `item:${item.ref}:new:${decider}`, itemCard(ctx, ref, item, { viewer: decider, withActions: true, title: cardTitle, view: 'dm' }));
  }
  const text = !late
    ? (ref.forum.referralDeadlineDays === null ? m.submittedNoDeadline(item.ref, when(ctx, ref, meeting)) : m.submittedInTime(item.ref, when(ctx, ref, meeting), deadline))
    : following ? m.submittedLate(item.ref, deadline, when(ctx, ref, following)) : m.submittedLateNoNext(item.ref, deadline);
  const reply = view(late ? 'info' : 'success', undefined, { lines: [text, ...(item.kind === 'case' ? [m.caseNeedsConsent] : [])] });
  // the submitter of a case is pointed to the municipality's consent form, where the forum has one
  if (item.kind === 'case' && ref.forum.consentFormUrl) reply.link = { label: m.consentFormLink, url: ref.forum.consentFormUrl };
  return { views: [reply, itemCard(ctx, ref, item, { viewer: item.submitterId, withActions: true })] };
}

/** The value of a forum in a form's forum choice. */
export const forumChoice = (ref: ForumRef): string => `${ref.municipality.id}/${ref.forum.id}`;

/**
 * The submission form (Slack modal, Teams card, console questions): for one forum (with its coming
 * meetings to choose from), or, given several, with a choice among them (nothing chosen at first; the
 * item goes to the chosen forum's next meeting). A prefill (screened: screenPrefill) fills in the
 * description, carries the link back to its message, and says what the person should know about them.
 */
export function submissionForm(ctx: CommandContext, target: ForumRef | readonly ForumRef[], prefill?: ScreenedPrefill): FormSpec {
  const m = ctx.msg;
  const refs = 'forum' in target ? [target] : target;
  const one = refs.length === 1 ? refs[0] : undefined;
  const first = refs[0]!;
  const cases = refs.some((r) => r.forum.allowsCases);
  const consentForm = one?.forum.consentFormUrl;
  return {
    id: 'agenda-add',
    title: m.formTitle,
    submitLabel: m.formSubmit,
    context: {
      municipality: first.municipality.id,
      ...(one ? { forum: one.forum.id } : { choose: 'forum' }),
      ...(prefill?.sourceLink ? { source: prefill.sourceLink } : {}),
    },
    ...(prefill?.notes.length ? { notes: prefill.notes } : {}),
    fields: [
      ...(one ? [] : [{
        id: 'forum', label: m.fieldForum, kind: 'choice' as const, required: true, initial: '', hint: m.formForumHint,
        choices: refs.map((r) => ({ value: forumChoice(r), label: r.forum.name })),
      }]),
      { id: 'title', label: m.fieldTitle, kind: 'text', required: true, maxLength: TITLE_MAX },
      { id: 'description', label: m.fieldDescription, kind: 'textarea', required: false, maxLength: TEXT_MAX, ...(prefill?.description ? { initial: prefill.description } : {}) },
      {
        id: 'kind', label: m.fieldKind, kind: 'choice', required: true, initial: 'topic',
        choices: [{ value: 'topic', label: m.kindName.topic! }, ...(cases ? [{ value: 'case', label: m.kindName.case! }] : [])],
        ...(cases ? { hint: consentForm ? `${m.formCaseHint} ${m.consentFormHint(consentForm)}` : m.formCaseHint } : {}),
      },
      { id: 'category', label: m.fieldCategory, kind: 'choice', required: true, initial: 'annet', choices: CATEGORIES.map((c) => ({ value: c, label: m.categoryName[c]! })) },
      ...(one ? [{
        id: 'meeting', label: m.fieldMeeting, kind: 'choice' as const, required: true,
        choices: upcomingMeetings(ctx, one).slice(0, 6).map((mt) => ({ value: mt.date, label: formatDateTime(mt.startUtc, one.municipality.timeZone, ctx.lang) })),
      }] : []),
    ],
  };
}
