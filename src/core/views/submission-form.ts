import { formatDateTime } from '../i18n/format';
import { TEXT_MAX, TITLE_MAX } from '../input/input-limits';
import type { ForumRef } from '../model/directory';
import { CATEGORIES } from '../model/records';
import type { FormSpec } from '../model/view';
import { upcomingMeetings } from './meeting-view';
import type { ViewContext } from './view-context';

/** The submission form (Slack modal, Teams card, console questions). */
export async function submissionForm(ctx: ViewContext, ref: ForumRef): Promise<FormSpec> {
  const upcoming = await upcomingMeetings(ctx, ref);
  const m = ctx.msg;
  const zone = ref.municipality.timeZone;
  return {
    id: 'agenda-add',
    title: m.formTitle,
    submitLabel: m.formSubmit,
    context: { municipality: ref.municipality.id, forum: ref.forum.id },
    fields: [
      { id: 'title', label: m.fieldTitle, kind: 'text', required: true, maxLength: TITLE_MAX },
      { id: 'description', label: m.fieldDescription, kind: 'textarea', required: false, maxLength: TEXT_MAX },
      {
        id: 'kind', label: m.fieldKind, kind: 'choice', required: true, initial: 'topic',
        choices: [{ value: 'topic', label: m.kindName.topic! }, ...(ref.forum.allowsCases ? [{ value: 'case', label: m.kindName.case! }] : [])],
        ...(ref.forum.allowsCases ? { hint: ref.forum.consentFormUrl ? `${m.formCaseHint} ${m.consentFormHint(ref.forum.consentFormUrl)}` : m.formCaseHint } : {}),
      },
      { id: 'category', label: m.fieldCategory, kind: 'choice', required: true, initial: 'annet', choices: CATEGORIES.map((c) => ({ value: c, label: m.categoryName[c]! })) },
      {
        id: 'meeting', label: m.fieldMeeting, kind: 'choice', required: true,
        choices: upcoming.slice(0, 6).map((mt) => ({ value: mt.date, label: formatDateTime(mt.startUtc, zone, ctx.lang) })),
      },
    ],
  };
}
