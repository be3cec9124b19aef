import type { ForumRef } from '../directory';
import { formatDateTime } from '../i18n/format';
import { forumCode } from '../model/municipality';
import type { AgendaItem, MeetingRecord } from '../model/records';
import { type CommandContext, UserError } from '../commands/types';
import { errorView, type View } from '../views';
import { findPersonalData, type PersonalDataKind } from './personal-data-guard';
import { clip } from '../input/input-limits';

export const TITLE_MAX = 150;
export const TEXT_MAX = 2000;

/** The kinds of personal data found, named in a sentence ("et telefonnummer og en e-postadresse"). */
export function personalDataNames(ctx: CommandContext, kinds: readonly PersonalDataKind[]): string {
  const names = kinds.map((k) => ctx.msg.personalDataKind[k]!);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} ${ctx.msg.and} ${names.at(-1)}` : names[0]!;
}

/**
 * The length check and the personal-data guard for one free-text field, in that order (the guard
 * never reads a text over the field's limit); a message, or undefined when fine.
 */
export function textProblem(ctx: CommandContext, label: string, text: string, max: number): string | undefined {
  if (text.length > max) return ctx.msg.tooLong(label, max);
  const kinds = findPersonalData(text);
  if (kinds.length) return ctx.msg.personalData(personalDataNames(ctx, kinds));
  return undefined;
}

/** Screen a free text or refuse the whole command (the text is not echoed, stored or logged). */
export function screened(ctx: CommandContext, label: string, text: string, max = TEXT_MAX): string {
  const problem = textProblem(ctx, label, text, max);
  if (problem) throw new UserError(errorView(problem));
  return text;
}

export interface LoadedItem {
  item: AgendaItem;
  ref: ForumRef;
  meeting: MeetingRecord;
}

/** An item by reference, only within the actor's own municipality (others get "not found", revealing nothing). */
export function loadItem(ctx: CommandContext, refText: string | undefined, usage: string): LoadedItem {
  if (!refText) throw new UserError(errorView(ctx.msg.missingArgument(ctx.msg.argRef, usage)));
  const item = ctx.deps.store.item(refText);
  const ref = item && ctx.deps.directory.forumById(item.municipalityId, item.forumId);
  const meeting = item && ctx.deps.store.meeting(item.meetingId);
  if (!item || !ref || !meeting || (ctx.actor && ctx.actor.municipality.id !== item.municipalityId)) {
    throw new UserError(errorView(ctx.msg.unknownItem(clip(refText.toUpperCase()))));
  }
  return { item, ref, meeting };
}

export const when = (ctx: CommandContext, ref: ForumRef, m: MeetingRecord): string =>
  formatDateTime(m.startUtc, ref.municipality.timeZone, ctx.lang);

/** The next item reference of a forum, e.g. TUT-2027-014 (numbered per forum and year of the meeting). */
export function nextRef(ctx: CommandContext, ref: ForumRef, meeting: MeetingRecord): string {
  const prefix = `${forumCode(ref.forum)}-${meeting.date.slice(0, 4)}`;
  const n = ctx.deps.store.nextItemNumber(`${ref.municipality.id}/${prefix}`);
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

/** Save a changed item and its audit line together (the caller is inside the command's transaction). */
export function saveTransition(ctx: CommandContext, before: AgendaItem | undefined, after: AgendaItem, action: string): void {
  const { store } = ctx.deps;
  if (before) store.updateItem(after);
  else store.insertItem(after);
  store.appendAudit({
    at: ctx.nowUtc,
    actor: ctx.actor?.member.id ?? (ctx.req.userId === 'system' ? 'system' : `${ctx.req.platform}:${ctx.req.userId}`),
    action,
    municipalityId: after.municipalityId,
    forumId: after.forumId,
    meetingId: after.meetingId,
    itemRef: after.ref,
    ...(before ? { fromState: before.state } : {}),
    toState: after.state,
  });
}

/** Coordinator and conveners of a forum: who decides about its items. */
export const decidersOf = (ctx: CommandContext, ref: ForumRef): string[] =>
  [...new Set([ref.municipality.coordinator, ...ctx.deps.directory.conveners(ref.municipality, ref.forum)])];

export function notifyMember(ctx: CommandContext, ref: ForumRef, memberId: string, key: string, view: View): void {
  ctx.deps.notifier.enqueue({ key, to: { kind: 'member', municipality: ref.municipality, memberId }, view }, ctx.nowUtc);
}

