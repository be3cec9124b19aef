import { DateTime } from 'luxon';
import { editDeciderCards } from '../agenda/card-edits';
import { consentProblem } from '../agenda/consent-rules';
import { itemCard } from '../agenda/item-card';
import { loadItem, saveTransition, screened } from '../agenda/item-support';
import { asker, shownItem } from '../agenda/shown-item';
import { isOnAgenda, SYSTEM_TRANSITIONS } from '../model/item-lifecycle';
import { tellDecidersConsentLost } from './decision-commands';
import { publishAgenda, refreshPublishedAgendas } from '../agenda/publication';
import { formatDate, formatDateTime, formatShort } from '../i18n/format';
import { deferredUntil } from '../schedule/quiet-hours';
import type { Municipality } from '../model/municipality';
import { errorView, view } from '../views';
import { editDistance } from './grammar';
import { CONVENER_ROLES, requireRole, resolveForum, upcomingMeetings } from './resolve';
import { type CommandContext, type CommandSpec, UserError } from './types';
import { clip } from '../input/input-limits';

const isoDate = (ctx: CommandContext, flag: string): string | undefined => {
  const v = ctx.cmd.flags[flag];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || !DateTime.fromISO(v).isValid) throw new UserError(errorView(ctx.msg.badDate(flag)));
  return v;
};

export const consentCommand: CommandSpec = {
  name: 'consent',
  aliases: ['samtykke'],
  usage: 'consent <ref> --guardian-signed <ÅÅÅÅ-MM-DD> --agencies <instans,instans> [--expires <ÅÅÅÅ-MM-DD>] [--parents-attend] [--covers <tekst>] [--purpose <tekst>] | --legal-basis <tekst>',
  flags: ['guardian-signed', 'agencies', 'expires', 'parents-attend', 'legal-basis', 'covers', 'purpose'],
  run(ctx) {
    const { item, ref, meeting } = loadItem(ctx, ctx.cmd.args[0], `/slt ${this.usage}`);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actConsent);
    if (item.kind !== 'case') throw new UserError(errorView(ctx.msg.consentNotCase(item.ref)));
    const signed = isoDate(ctx, 'guardian-signed');
    const expires = isoDate(ctx, 'expires');
    const text = (flag: string, label: string) => (typeof ctx.cmd.flags[flag] === 'string' ? screened(ctx, label, ctx.cmd.flags[flag], 500) : undefined);
    const basis = text('legal-basis', ctx.msg.fieldLegalBasis);
    const coversText = text('covers', ctx.msg.fieldCovers);
    const purpose = text('purpose', ctx.msg.fieldPurpose);
    const agenciesFlag = ctx.cmd.flags.agencies;
    const given = typeof agenciesFlag === 'string' ? agenciesFlag.split(',').map((a) => a.trim()).filter(Boolean) : [];
    if (!signed && !basis) throw new UserError(errorView(ctx.msg.consentNeedsBasis));
    if (signed && !given.length) throw new UserError(errorView(ctx.msg.consentAgencies));
    if (given.length) screened(ctx, ctx.msg.fieldAgencies, given.join(', '), 500);
    const agencies = given.map((a) => knownAgency(ctx, ref.municipality, a));
    refuseImpossibleDates(ctx, item.ref, meeting.date, signed, expires);
    ctx.deps.store.putConsent({
      itemRef: item.ref,
      ...(signed ? { guardianSigned: signed } : {}),
      ...(basis ? { legalBasis: basis } : {}),
      agencies,
      ...(expires ? { expires } : {}),
      parentsAttend: ctx.cmd.flags['parents-attend'] === true,
      ...(coversText ? { covers: coversText } : {}),
      ...(purpose ? { purpose } : {}),
      recordedBy: ctx.actor!.member.id,
      recordedAt: ctx.nowUtc,
    });
    ctx.deps.store.appendAudit({ at: ctx.nowUtc, actor: ctx.actor!.member.id, action: 'consent', municipalityId: item.municipalityId, forumId: item.forumId, meetingId: item.meetingId, itemRef: item.ref });
    // a consent that ends before the meeting does not count for it: a case on the agenda leaves it
    const problem = consentProblem(ctx, item, meeting);
    let after = item;
    if (problem && isOnAgenda(item.state)) {
      after = { ...item, state: SYSTEM_TRANSITIONS['lose-consent'].to, updatedAt: ctx.nowUtc };
      saveTransition(ctx, item, after, 'consent-lost');
      editDeciderCards(ctx, ref, after);
      tellDecidersConsentLost(ctx, ref, after, problem);
    }
    refreshPublishedAgendas(ctx, ref, [item.meetingId]); // agencies leaving, parents attending, or off the agenda
    const meetingDate = formatDate(meeting.date);
    const lines = problem && expires
      ? [after !== item ? ctx.msg.consentTooShortOffAgenda(item.ref, formatDate(expires), meetingDate) : ctx.msg.consentTooShortPending(item.ref, formatDate(expires), meetingDate)]
      : [signed ? ctx.msg.consentRecorded(item.ref, agencies.join(', ')) : ctx.msg.legalBasisRecorded(item.ref),
        ...(item.state === 'needs-consent' ? [ctx.msg.consentApproveAgain(item.ref)] : [])];
    return { views: [view(problem ? 'info' : 'success', undefined, { lines }), itemCard(ctx, ref, after, { viewer: ctx.actor!.member.id, withActions: true })] };
  },
};

/**
 * Dates no consent for this meeting can have: signed after the meeting, signed in the future, or
 * expiring before it was signed. Refused with the reason; nothing is recorded.
 */
function refuseImpossibleDates(ctx: CommandContext, ref: string, meetingDate: string, signed: string | undefined, expires: string | undefined): void {
  const today = DateTime.fromISO(ctx.nowUtc, { zone: 'utc' }).setZone(ctx.actor!.municipality.timeZone).toISODate()!;
  if (signed && signed > meetingDate) throw new UserError(errorView(ctx.msg.consentSignedAfterMeeting(ref, formatDate(signed), formatDate(meetingDate))));
  if (signed && signed > today) throw new UserError(errorView(ctx.msg.consentSignedInFuture(formatDate(signed))));
  if (signed && expires && expires < signed) throw new UserError(errorView(ctx.msg.consentExpiresBeforeSigned(formatDate(expires), formatDate(signed))));
}

/**
 * An agency named in a consent, spelled as in the configuration. A name that matches no member's
 * agency is refused: an agency the consent does not name exactly would be sent out of the meeting.
 */
function knownAgency(ctx: CommandContext, m: Municipality, name: string): string {
  const known = [...new Set(m.members.map((x) => x.agency))].sort((a, b) => a.localeCompare(b, 'nb'));
  const exact = known.find((a) => a.toLowerCase() === name.toLowerCase());
  if (exact) return exact;
  const [closest] = known
    .map((a) => ({ a, d: editDistance(name.toLowerCase(), a.toLowerCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)) || x.a.toLowerCase().startsWith(name.toLowerCase()))
    .sort((x, y) => x.d - y.d);
  throw new UserError(errorView(ctx.msg.unknownAgency(clip(name), closest?.a, known.join(', '))));
}

export const publishCommand: CommandSpec = {
  name: 'publish',
  aliases: ['publiser'],
  usage: 'publish [forum]',
  announcesSendTime: true,
  run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actPublish);
    const [meeting] = upcomingMeetings(ctx, ref);
    if (!meeting) throw new UserError(errorView(ctx.msg.noUpcoming(ref.forum.name)));
    if (!ctx.deps.directory.channelsOf(ref).length) throw new UserError(errorView(ctx.msg.publishedNoChannel));
    publishAgenda(ctx, ref, meeting.id, ctx.actor!.member.id);
    const later = deferredUntil(ctx.nowUtc, ref.municipality);
    const text = later ? ctx.msg.publishedLater(formatDateTime(later, ref.municipality.timeZone, ctx.lang)) : ctx.msg.publishedTo(formatShort(ctx.nowUtc, ref.municipality.timeZone, ctx.lang));
    return { views: [view('success', undefined, { lines: [text] })] };
  },
};

export const logCommand: CommandSpec = {
  name: 'log',
  aliases: ['logg'],
  usage: 'log <ref>',
  run(ctx) {
    const { item, ref } = loadItem(ctx, ctx.cmd.args[0], `/slt ${this.usage}`);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actLog);
    const zone = ref.municipality.timeZone;
    // the audit log holds no user text; states are shown where the rule allows them
    const states = shownItem(ctx, asker(ctx), 'audit-log', item)?.may('state') ?? false;
    const lines = ctx.deps.store.auditOfItem(item.ref).map((e) =>
      `${formatShort(e.at, zone, ctx.lang)} · ${ctx.deps.directory.displayName(ref.municipality, e.actor)} · ${e.action}${states && e.toState ? ` · ${e.fromState ? `${ctx.msg.stateName[e.fromState]} → ` : ''}${ctx.msg.stateName[e.toState]}` : ''}`);
    return { views: [view('log', ctx.msg.logTitle(item.ref), { lines })] };
  },
};
