import { formatDateTime } from '../i18n/format';
import type { ForumRef } from '../model/directory';
import { CATEGORIES } from '../model/records';
import { type FormSpec, type Reply, view } from '../model/view';
import { screenPrefill } from '../use-cases/prefill';
import { refused } from '../use-cases/user-error';
import { type Submitted, submissionProblems, submitItem, type SubmissionInput } from '../use-cases/submit-item';
import { agendaView } from '../views/agenda-view';
import { itemCard } from '../views/item-card';
import { upcomingMeetings, when } from '../views/meeting-view';
import { refusedForm } from '../views/refused-form';
import { asker, shownItem } from '../views/shown-item';
import { filterSeq, flatMapSeq } from '../views/sequential';
import { submissionForm } from '../views/submission-form';
import { loadItem, requireActor, requireRole, resolveForum, usageOf } from './resolve';
import { mayIn, rolesOf } from './who-may-run';
import type { CommandContext, CommandSpec } from './types';

export const agendaCommand: CommandSpec = {
  name: 'agenda',
  aliases: { nb: ['saksliste'], nn: ['sakliste', 'saksliste'] },
  args: [{ type: 'forum', optional: true }],
  who: 'members',
  menu: ['personal', 'team', 'groupChat'],
  async run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const role = ctx.directory.roleIn(ref, ctx.actor?.member.id);
    const [meeting] = await upcomingMeetings(ctx, ref, 1);
    if (!meeting) return { views: [view('info', undefined, { lines: [ctx.msg.noUpcoming(ref.forum.name)] })] };
    if (role === 'observer' && !(await ctx.tx.publication(meeting.id))) {
      return { views: [view('info', undefined, { lines: [ctx.msg.notPublished(ref.forum.name)] })] };
    }
    return { views: [await agendaView(ctx, ref, meeting, asker(ctx))] };
  },
};

/** The forum an item goes to: --forum, else the channel's forum, else the only forum the actor is in. */
function submissionForum(ctx: CommandContext, named: string | undefined): ForumRef {
  if (named || ctx.directory.forumOfChannel(ctx.req.platform, ctx.req.channelId)) return resolveForum(ctx, named);
  const actor = requireActor(ctx);
  const mine = actor.municipality.forums
    .map((forum) => ({ municipality: actor.municipality, forum }))
    .filter((r) => mayIn(ctx, 'submitters', r));
  if (mine.length === 1) return mine[0]!;
  return resolveForum(ctx, undefined); // explains how to name the forum
}

/** The submitter's answer: in time or late (and where it would otherwise go), the consent it needs, and the item's card. */
export async function submittedReply(ctx: CommandContext, ref: ForumRef, { item, meeting, following }: Submitted): Promise<Reply> {
  const m = ctx.msg;
  const deadline = formatDateTime(meeting.deadlineUtc, ref.municipality.timeZone, ctx.lang);
  const text = !item.late
    ? (ref.forum.referralDeadlineDays === null ? m.submittedNoDeadline(item.ref, when(ctx, ref, meeting)) : m.submittedInTime(item.ref, when(ctx, ref, meeting), deadline))
    : following ? m.submittedLate(item.ref, deadline, when(ctx, ref, following)) : m.submittedLateNoNext(item.ref, deadline);
  const reply = view(item.late ? 'info' : 'success', undefined, { lines: [text, ...(item.kind === 'case' ? [m.caseNeedsConsent] : [])] });
  // the submitter of a case is pointed to the municipality's consent form, where the forum has one
  if (item.kind === 'case' && ref.forum.consentFormUrl) reply.link = { label: m.consentFormLink, url: ref.forum.consentFormUrl };
  return { views: [reply, await itemCard(ctx, ref, item, { viewer: item.submitterId, withActions: true })] };
}

/**
 * The forums an item may be submitted to from a form: the one named (--forum), or the channel's when the
 * actor may submit there, else every forum of theirs where they may submit and a meeting is planned
 * (one, or a choice).
 */
export async function formForums(ctx: CommandContext, named: string | undefined): Promise<ForumRef | ForumRef[]> {
  const actor = requireActor(ctx);
  const mayUse = (r: ForumRef) => mayIn(ctx, 'submitters', r);
  const bound = ctx.directory.forumOfChannel(ctx.req.platform, ctx.req.channelId);
  // the named forum (refused with the reason when not theirs), or the channel's when they may submit there
  if (named || (bound && mayUse(bound))) {
    const ref = resolveForum(ctx, named);
    requireRole(ctx, ref, rolesOf('submitters', ref)!, ctx.msg.actSubmit);
    if (!(await upcomingMeetings(ctx, ref, 1)).length) throw refused(ctx.msg.noUpcoming(ref.forum.name));
    return ref;
  }
  const mine = await filterSeq(actor.municipality.forums.map((forum) => ({ municipality: actor.municipality, forum })),
    async (r) => mayUse(r) && (await upcomingMeetings(ctx, r, 1)).length > 0);
  if (!mine.length) throw refused(ctx.msg.noSubmitForum(ctx.directory.coordinatorName(actor.municipality)));
  return mine.length === 1 ? mine[0]! : mine;
}

/**
 * Run a checked submission; a text command shows the first problem, a form shows them per field (the
 * form it came from again, `form`, or the forum's).
 */
export async function runSubmission(ctx: CommandContext, ref: ForumRef, input: SubmissionInput, fromForm: boolean, form?: FormSpec): Promise<Reply> {
  // the forum is known only now (a form's, the only one of the person's): `submitters`, by the same rule as the bot's check
  requireRole(ctx, ref, rolesOf('submitters', ref)!, ctx.msg.actSubmit);
  const problems = await submissionProblems(ctx, ref, input);
  if (Object.keys(problems).length) {
    if (!fromForm) throw refused(Object.values(problems)[0]!);
    return { views: [refusedForm(ctx, form ?? await submissionForm(ctx, ref), ctx.req.form?.values ?? {}, problems)] };
  }
  return submittedReply(ctx, ref, await submitItem(ctx, ref, input));
}

/** A category as written after --category: its id, or its name in the reader's language (any case); anything else as written (refused with the list of names). */
function categoryOf(ctx: CommandContext, written: string): string {
  const w = written.trim().toLowerCase();
  return CATEGORIES.find((c) => c === w || ctx.msg.categoryName[c].toLowerCase() === w) ?? w;
}

export const agendaAddCommand: CommandSpec = {
  name: 'agenda add',
  aliases: { nb: ['sak', 'meld'], nn: ['sak', 'meld'], en: ['submit'] },
  args: [{ type: 'text', placeholder: 'title', quoted: true, formIfMissing: true }, { type: 'text', placeholder: 'description', optional: true, rest: true }],
  flags: { case: {}, topic: { hidden: true }, category: { type: 'text', placeholder: 'category' }, forum: { type: 'forum' }, meeting: { type: 'date' } },
  who: 'submitters',
  menu: ['personal', 'team', 'groupChat'],
  async run(ctx) {
    requireActor(ctx);
    const { args, quoted, flags } = ctx.cmd;
    if (!args.length) {
      // the form: for the channel's (or the named) forum, else a choice among the actor's; prefilled from a message
      const v = view('form', ctx.msg.formTitle);
      v.form = await submissionForm(ctx, await formForums(ctx, flags.forum as string | undefined), ctx.req.prefill && screenPrefill(ctx, ctx.req.prefill));
      return { views: [v] };
    }
    const ref = submissionForum(ctx, flags.forum as string | undefined);
    // a quoted first argument is the title and the rest the description; unquoted words are all title
    const [title, description] = quoted[0] ? [args[0]!, args.slice(1).join(' ')] : [args.join(' '), ''];
    const meeting = flags.meeting;
    return runSubmission(ctx, ref, {
      title,
      ...(description ? { description } : {}),
      kind: flags.case ? 'case' : 'topic',
      ...(typeof flags.category === 'string' ? { category: categoryOf(ctx, flags.category) } : {}),
      ...(typeof meeting === 'string' ? { meetingDate: meeting } : {}),
    }, false);
  },
};

export const itemCommand: CommandSpec = {
  name: 'item',
  aliases: { nb: ['sak-vis', 'vis'], nn: ['sak-vis', 'vis'] },
  args: [{ type: 'ref' }],
  who: 'members',
  async run(ctx) {
    const { item, ref } = await loadItem(ctx, ctx.cmd.args[0], usageOf(ctx));
    // an observer sees nothing of an item the forum has not been shown yet
    if (!(await shownItem(ctx, asker(ctx), 'item-card', item))) return { views: [view('info', undefined, { lines: [ctx.msg.itemNotPublished(item.ref)] })] };
    return { views: [await itemCard(ctx, ref, item, { viewer: ctx.actor!.member.id, withActions: true })] };
  },
};

export const agendaMineCommand: CommandSpec = {
  name: 'agenda mine',
  aliases: { nb: ['mine', 'mine-saker'], nn: ['mine', 'mine-saker'], en: ['mine'] },
  who: 'members',
  menu: ['personal'],
  async run(ctx) {
    const actor = requireActor(ctx);
    const items = await ctx.tx.itemsOfSubmitter(actor.municipality.id, actor.member.id);
    const lines = await flatMapSeq(items, async (i) => {
      const ref = ctx.directory.forumById(i.municipalityId, i.forumId);
      const meeting = await ctx.tx.meeting(i.meetingId);
      const s = (await shownItem(ctx, asker(ctx), 'agenda-mine', i))?.item;
      if (!s) return [];
      return [[`• ${i.ref}`, ref?.forum.name ?? i.forumId, meeting && ref ? when(ctx, ref, meeting) : '', s.title, s.state && ctx.msg.stateName[s.state]].filter(Boolean).join(' · ')];
    });
    return { views: [view('list', ctx.msg.myItemsTitle, { lines: lines.length ? lines : [ctx.msg.noMyItems] })] };
  },
};
