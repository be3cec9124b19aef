import { DateTime } from 'luxon';
import { messages, nameOf } from '../i18n';
import { formatDateTime } from '../i18n/format';
import type { Directory } from '../model/directory';
import type { Municipality } from '../model/municipality';
import type { StoreReads } from '../ports/store';
import { filterSeq, flatMapSeq } from './sequential';
import { shownItem } from './shown-item';

const yearRange = (m: Municipality, year: number) => [
  DateTime.fromObject({ year, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string,
  DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: m.timeZone }).toUTC().toISO() as string,
] as const;

export interface ArchiveMeeting {
  id: string;
  forumId: string;
  forumName: string;
  date: string;
  startUtc: string;
  status: string;
  agenda: {
    ref: string; kind: string; category: string; title: string; description?: string; state: string; late: boolean;
    reason?: string; question?: string; answer?: string;
    raisedFrom?: string; sourceLink?: string; consent?: { guardianSigned?: string; legalBasis?: string; agencies: string[]; parentsAttend: boolean; expires?: string; covers?: string; purpose?: string };
  }[];
  minutes?: { status: string; approvedBy?: string; approvedAt?: string };
  entries: { itemRef: string; kind: string; text: string; author: string }[];
  actions: { id: number; itemRef: string; owner: string; due: string; text: string; status: string; doneAt?: string }[];
  attendance: { member: string; status: string; deputy?: string }[];
}

export interface Archive {
  municipality: { id: string; name: string };
  year: number;
  exportedAt: string;
  meetings: ArchiveMeeting[];
}

/** The municipality's records for one year: meetings, agendas, consent facts, minutes and actions. */
export async function buildArchive(store: StoreReads, directory: Directory, m: Municipality, year: number, now: Date): Promise<Archive> {
  const [from, to] = yearRange(m, year);
  const name = (id: string) => directory.member(m, id)?.name ?? id;
  // the export is the municipality's record: the visibility rule gives the archive every field
  const see = { tx: store, directory, nowUtc: DateTime.fromJSDate(now).toUTC().toISO() as string };
  const shown = async (ref: string) => {
    const item = await store.item(ref);
    return item && await shownItem(see, { kind: 'archive' }, 'export', item);
  };
  const meetings: ArchiveMeeting[] = [];
  for (const f of m.forums) {
    for (const mt of (await store.meetingsOfForum(m.id, f.id)).filter((x) => x.startUtc >= from && x.startUtc < to)) {
      const minutes = await store.minutes(mt.id);
      const agenda = await flatMapSeq(await store.itemsOfMeeting(mt.id), async (item) => {
        const s = await shownItem(see, { kind: 'archive' }, 'export', item);
        if (!s) return [];
        const i = s.item;
        const c = s.may('consent-details') ? await store.consent(item.ref) : undefined;
        return [{
          ref: item.ref, kind: item.kind, category: i.category ?? '', title: i.title ?? '', state: i.state ?? '', late: Boolean(i.late),
          ...(i.description ? { description: i.description } : {}),
          ...(i.reason ? { reason: i.reason } : {}),
          ...(i.question ? { question: i.question } : {}),
          ...(i.answer ? { answer: i.answer } : {}),
          ...(i.raisedFrom ? { raisedFrom: i.raisedFrom } : {}),
          ...(i.sourceLink ? { sourceLink: i.sourceLink } : {}),
          ...(c ? { consent: { ...(c.guardianSigned ? { guardianSigned: c.guardianSigned } : {}), ...(c.legalBasis ? { legalBasis: c.legalBasis } : {}), agencies: c.agencies, parentsAttend: c.parentsAttend,
            ...(c.expires ? { expires: c.expires } : {}), ...(c.covers ? { covers: c.covers } : {}), ...(c.purpose ? { purpose: c.purpose } : {}) } } : {}),
        }];
      });
      const entries = await filterSeq(await store.entriesOfMeeting(mt.id), async (e) => Boolean((await shown(e.itemRef))?.may(e.kind === 'decision' ? 'decisions' : 'notes')));
      const actions = await filterSeq(await store.actionsOfMeeting(mt.id), async (a) => Boolean((await shown(a.itemRef))?.may('actions')));
      meetings.push({
        id: mt.id, forumId: f.id, forumName: f.name, date: mt.date, startUtc: mt.startUtc, status: mt.status,
        agenda,
        ...(minutes ? { minutes: { status: minutes.status, ...(minutes.approvedBy ? { approvedBy: name(minutes.approvedBy) } : {}), ...(minutes.approvedAt ? { approvedAt: minutes.approvedAt } : {}) } } : {}),
        entries: entries.map((e) => ({ itemRef: e.itemRef, kind: e.kind, text: e.text, author: name(e.authorId) })),
        actions: actions.map((a) => ({ id: a.id, itemRef: a.itemRef, owner: name(a.ownerId), due: a.due, text: a.text, status: a.status, ...(a.doneAt ? { doneAt: a.doneAt } : {}) })),
        attendance: (await store.attendanceOf(mt.id)).map((a) => ({ member: name(a.memberId), status: a.status, ...(a.deputyId ? { deputy: name(a.deputyId) } : {}) })),
      });
    }
  }
  meetings.sort((a, b) => a.startUtc.localeCompare(b.startUtc));
  return { municipality: { id: m.id, name: m.name }, year, exportedAt: DateTime.fromJSDate(now).toUTC().toISO() as string, meetings };
}

/** The same archive as readable Markdown, in the municipality's language and time zone. */
export function archiveToMarkdown(a: Archive, m: Pick<Municipality, 'language' | 'timeZone'>): string {
  const msg = messages(m.language);
  const out = [`# ${msg.archiveTitle(a.municipality.name, a.year)}`, '', msg.archiveExported(formatDateTime(a.exportedAt, m.timeZone, m.language)), ''];
  for (const mt of a.meetings) {
    out.push(`## ${mt.forumName}, ${mt.date}${mt.status === 'cancelled' ? ` (${msg.archiveCancelled})` : ''}`, '');
    if (mt.attendance.length) out.push(msg.archiveAttendance(mt.attendance.map((x) => (x.status === 'regrets' ? msg.archiveRegrets(x.member) : msg.archiveDeputy(x.member, x.deputy ?? ''))).join(', ')), '');
    if (mt.agenda.length) {
      out.push(`### ${msg.archiveAgenda}`, '');
      for (const i of mt.agenda) {
        const state = [nameOf(msg.stateName, i.state) ?? i.state, ...(i.late ? [msg.archiveLate] : []), ...(i.raisedFrom ? [msg.archiveRaisedFrom(i.raisedFrom)] : [])].join(', ');
        out.push(`- **${i.ref}** ${nameOf(msg.kindName, i.kind) ?? i.kind} (${nameOf(msg.categoryName, i.category) ?? i.category}): ${i.title} — ${state}`);
        if (i.description) out.push(`  - ${i.description}`);
        if (i.sourceLink) out.push(`  - ${msg.archiveFromMessage(i.sourceLink)}`);
        if (i.question) out.push(`  - ${msg.questionLine(i.question)}${i.answer ? ` ${msg.answerLine(i.answer)}` : ''}`);
        if (i.reason) out.push(`  - ${msg.reasonLine(i.reason)}`);
        if (i.consent) {
          const c = i.consent;
          out.push(`  - ${[msg.archiveConsent(c.guardianSigned ?? c.legalBasis ?? '', c.agencies.join(', ') || '–'), ...(c.expires ? [msg.archiveValidUntil(c.expires)] : []), ...(c.parentsAttend ? [msg.archiveParentsAttend] : [])].join('; ')}`);
          if (c.covers || c.purpose) out.push(`  - ${msg.archiveCoversPurpose(c.covers ?? '–', c.purpose ?? '–')}`);
        }
      }
      out.push('');
    }
    if (mt.entries.length || mt.actions.length) {
      out.push(`### ${!mt.minutes ? msg.archiveMinutes : mt.minutes.status === 'approved' ? msg.archiveMinutesApproved(mt.minutes.approvedBy ?? '') : msg.archiveMinutesDraft}`, '');
      for (const e of mt.entries) out.push(`- ${e.itemRef}: ${e.kind === 'decision' ? msg.decisionLine(e.text) : msg.noteLine(e.text)}`);
      for (const x of mt.actions) out.push(`- ${msg.archiveAction(x.itemRef, x.id, x.text, x.owner, x.due, x.status === 'done')}`);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}
