import { DateTime } from 'luxon';
import { formatDate, formatDateTime, formatShort } from '../i18n/format';
import { clip } from '../input/input-limits';
import type { Municipality } from '../model/municipality';
import { deferredUntil } from '../model/quiet-hours';
import { view } from '../model/view';
import { publishAgenda } from '../use-cases/publish-agenda';
import { recordConsent, refuseUnlessCase } from '../use-cases/record-consent';
import { screened } from '../use-cases/screening';
import { refused } from '../use-cases/user-error';
import { itemCard } from '../views/item-card';
import { upcomingMeetings } from '../views/meeting-view';
import { asker, shownItem } from '../views/shown-item';
import { editDistance } from './grammar';
import { CONVENER_ROLES, loadItem, requireRole, resolveForum } from './resolve';
import type { CommandContext, CommandSpec } from './types';

const isoDate = (ctx: CommandContext, flag: string): string | undefined => {
  const v = ctx.cmd.flags[flag];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || !DateTime.fromISO(v).isValid) throw refused(ctx.msg.badDate(flag));
  return v;
};

export const consentCommand: CommandSpec = {
  name: 'consent',
  aliases: ['samtykke'],
  usage: 'consent <ref> --guardian-signed <ÅÅÅÅ-MM-DD> --agencies <instans,instans> [--expires <ÅÅÅÅ-MM-DD>] [--parents-attend] [--covers <tekst>] [--purpose <tekst>] | --legal-basis <tekst>',
  flags: ['guardian-signed', 'agencies', 'expires', 'parents-attend', 'legal-basis', 'covers', 'purpose'],
  async run(ctx) {
    const loaded = await loadItem(ctx, ctx.cmd.args[0], `/slt ${this.usage}`);
    const { item, ref, meeting } = loaded;
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actConsent);
    refuseUnlessCase(ctx, item);
    const signed = isoDate(ctx, 'guardian-signed');
    const expires = isoDate(ctx, 'expires');
    const text = (flag: string, label: string) => (typeof ctx.cmd.flags[flag] === 'string' ? screened(ctx, label, ctx.cmd.flags[flag], 500) : undefined);
    const basis = text('legal-basis', ctx.msg.fieldLegalBasis);
    const coversText = text('covers', ctx.msg.fieldCovers);
    const purpose = text('purpose', ctx.msg.fieldPurpose);
    const agenciesFlag = ctx.cmd.flags.agencies;
    const given = typeof agenciesFlag === 'string' ? agenciesFlag.split(',').map((a) => a.trim()).filter(Boolean) : [];
    if (!signed && !basis) throw refused(ctx.msg.consentNeedsBasis);
    if (signed && !given.length) throw refused(ctx.msg.consentAgencies);
    if (given.length) screened(ctx, ctx.msg.fieldAgencies, given.join(', '), 500);
    const agencies = given.map((a) => knownAgency(ctx, ref.municipality, a));
    const { after, problem } = await recordConsent(ctx, loaded, {
      ...(signed ? { guardianSigned: signed } : {}),
      ...(basis ? { legalBasis: basis } : {}),
      agencies,
      ...(expires ? { expires } : {}),
      parentsAttend: ctx.cmd.flags['parents-attend'] === true,
      ...(coversText ? { covers: coversText } : {}),
      ...(purpose ? { purpose } : {}),
    });
    const meetingDate = formatDate(meeting.date);
    const lines = problem && expires
      ? [after !== item ? ctx.msg.consentTooShortOffAgenda(item.ref, formatDate(expires), meetingDate) : ctx.msg.consentTooShortPending(item.ref, formatDate(expires), meetingDate)]
      : [signed ? ctx.msg.consentRecorded(item.ref, agencies.join(', ')) : ctx.msg.legalBasisRecorded(item.ref),
        ...(item.state === 'needs-consent' ? [ctx.msg.consentApproveAgain(item.ref)] : [])];
    return { views: [view(problem ? 'info' : 'success', undefined, { lines }), await itemCard(ctx, ref, after, { viewer: ctx.actor!.member.id, withActions: true })] };
  },
};

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
  throw refused(ctx.msg.unknownAgency(clip(name), closest?.a, known.join(', ')));
}

export const publishCommand: CommandSpec = {
  name: 'publish',
  aliases: ['publiser'],
  usage: 'publish [forum]',
  announcesSendTime: true,
  async run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actPublish);
    const [meeting] = await upcomingMeetings(ctx, ref);
    if (!meeting) throw refused(ctx.msg.noUpcoming(ref.forum.name));
    if (!ctx.directory.channelsOf(ref).length) throw refused(ctx.msg.publishedNoChannel);
    await publishAgenda(ctx, ref, meeting.id);
    const later = deferredUntil(ctx.nowUtc, ref.municipality);
    const text = later ? ctx.msg.publishedLater(formatDateTime(later, ref.municipality.timeZone, ctx.lang)) : ctx.msg.publishedTo(formatShort(ctx.nowUtc, ref.municipality.timeZone, ctx.lang));
    return { views: [view('success', undefined, { lines: [text] })] };
  },
};

export const logCommand: CommandSpec = {
  name: 'log',
  aliases: ['logg'],
  usage: 'log <ref>',
  async run(ctx) {
    const { item, ref } = await loadItem(ctx, ctx.cmd.args[0], `/slt ${this.usage}`);
    requireRole(ctx, ref, CONVENER_ROLES, ctx.msg.actLog);
    const zone = ref.municipality.timeZone;
    // the audit log holds no user text; states are shown where the rule allows them
    const states = (await shownItem(ctx, asker(ctx), 'audit-log', item))?.may('state') ?? false;
    const lines = (await ctx.tx.auditOfItem(item.ref)).map((e) =>
      `${formatShort(e.at, zone, ctx.lang)} · ${ctx.directory.displayName(ref.municipality, e.actor)} · ${e.action}${states && e.toState ? ` · ${e.fromState ? `${ctx.msg.stateName[e.fromState]} → ` : ''}${ctx.msg.stateName[e.toState]}` : ''}`);
    return { views: [view('log', ctx.msg.logTitle(item.ref), { lines })] };
  },
};
