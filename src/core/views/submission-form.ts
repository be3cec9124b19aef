import { formatDateTime } from '../i18n/format';
import { TEXT_MAX, TITLE_MAX } from '../input/input-limits';
import type { ForumRef } from '../model/directory';
import type { ScreenedPrefill } from '../model/prefill';
import { CATEGORIES } from '../model/records';
import type { FormSpec } from '../model/view';
import { upcomingMeetings } from './meeting-view';
import type { ViewContext } from './view-context';

/** The value of a forum in a form's forum choice. */
export const forumChoice = (ref: ForumRef): string => `${ref.municipality.id}/${ref.forum.id}`;

/**
 * The submission form (Slack modal, Teams card, console questions): for one forum (with its coming
 * meetings to choose from), or, given several, with a choice among them (nothing chosen at first; the
 * item goes to the chosen forum's next meeting). A prefill (screened: screenPrefill) fills in the
 * description, carries the link back to its message, and says what the person should know about them.
 */
export async function submissionForm(ctx: ViewContext, target: ForumRef | readonly ForumRef[], prefill?: ScreenedPrefill): Promise<FormSpec> {
  const m = ctx.msg;
  const refs = 'forum' in target ? [target] : target;
  const one = refs.length === 1 ? refs[0] : undefined;
  const first = refs[0]!;
  const cases = refs.some((r) => r.forum.allowsCases);
  const consentForm = one?.forum.consentFormUrl;
  const meetings = one ? (await upcomingMeetings(ctx, one)).slice(0, 6) : [];
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
      { id: 'category', label: m.fieldCategory, kind: 'choice', required: true, initial: 'annet', choices: CATEGORIES.map((c) => ({ value: c, label: m.categoryName[c] })) },
      ...(one ? [{
        id: 'meeting', label: m.fieldMeeting, kind: 'choice' as const, required: true,
        choices: meetings.map((mt) => ({ value: mt.date, label: formatDateTime(mt.startUtc, one.municipality.timeZone, ctx.lang) })),
      }] : []),
    ],
  };
}
