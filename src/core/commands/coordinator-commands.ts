import { nameOf } from '../i18n';
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
import { loadItem, resolveForum, usageOf } from './resolve';
import type { CommandContext, CommandSpec } from './types';

/** A date flag's value (its form was checked against the command's declaration before the command ran). */
const isoDate = (ctx: CommandContext, flag: string): string | undefined => {
  const v = ctx.cmd.flags[flag];
  return typeof v === 'string' ? v : undefined;
};

export const consentCommand: CommandSpec = {
  name: 'consent',
  aliases: { nb: ['samtykke'], nn: ['samtykke'] },
  args: [{ type: 'ref' }],
  flags: { 'guardian-signed': { type: 'date' }, agencies: { type: 'text', placeholder: 'agencies' }, expires: { type: 'date' }, 'parents-attend': {}, covers: { type: 'text' }, purpose: { type: 'text' }, 'legal-basis': { type: 'text' } },
  who: 'deciders',
  act: (m) => m.actConsent,
  async run(ctx) {
    const loaded = await loadItem(ctx, ctx.cmd.args[0], usageOf(ctx));
    const { item, ref, meeting } = loaded;
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
  aliases: { nb: ['publiser'], nn: ['publiser'] },
  args: [{ type: 'forum', optional: true }],
  who: 'deciders',
  act: (m) => m.actPublish,
  menu: ['team'],
  announcesSendTime: true,
  async run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const [meeting] = await upcomingMeetings(ctx, ref, 1);
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
  aliases: { nb: ['logg'], nn: ['logg'] },
  args: [{ type: 'ref' }],
  who: 'deciders',
  act: (m) => m.actLog,
  async run(ctx) {
    const { item, ref } = await loadItem(ctx, ctx.cmd.args[0], usageOf(ctx));
    const zone = ref.municipality.timeZone;
    // the audit log holds no user text; states are shown where the rule allows them
    const states = (await shownItem(ctx, asker(ctx), 'audit-log', item))?.may('state') ?? false;
    const lines = (await ctx.tx.auditOfItem(item.ref)).map((e) =>
      `${formatShort(e.at, zone, ctx.lang)} · ${ctx.directory.displayName(ref.municipality, e.actor)} · ${e.action}${states && e.toState ? ` · ${e.fromState ? `${nameOf(ctx.msg.stateName, e.fromState) ?? e.fromState} → ` : ''}${nameOf(ctx.msg.stateName, e.toState) ?? e.toState}` : ''}`);
    return { views: [view('log', ctx.msg.logTitle(item.ref), { lines })] };
  },
};
