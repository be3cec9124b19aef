import { agendaView } from '../agenda/agenda-view';
import { screenPrefill } from '../agenda/prefill';
import { submissionForm, submissionProblems, submitItem, type SubmissionInput } from '../agenda/submit-item';
import type { ForumRef } from '../directory';
import { errorView, type FormSpec, type Reply, view } from '../views';
import { loadItem, when } from '../agenda/item-support';
import { itemCard } from '../agenda/item-card';
import { asker, shownItem } from '../agenda/shown-item';
import { READER_ROLES, requireActor, requireRole, resolveForum, SUBMITTER_ROLES, upcomingMeetings } from './resolve';
import { refusedForm } from './refused-form';
import { type CommandContext, type CommandSpec, UserError } from './types';

export const agendaCommand: CommandSpec = {
  name: 'agenda',
  aliases: ['saksliste', 'sakliste'],
  usage: 'agenda [forum]',
  run(ctx) {
    const ref = resolveForum(ctx, ctx.cmd.args[0]);
    const role = requireRole(ctx, ref, READER_ROLES, ctx.msg.actSeeAgenda);
    const [meeting] = upcomingMeetings(ctx, ref);
    if (!meeting) return { views: [view('info', undefined, { lines: [ctx.msg.noUpcoming(ref.forum.name)] })] };
    if (role === 'observer' && !ctx.deps.store.publication(meeting.id)) {
      return { views: [view('info', undefined, { lines: [ctx.msg.notPublished(ref.forum.name)] })] };
    }
    return { views: [agendaView(ctx, ref, meeting, asker(ctx))] };
  },
};

/** The forum an item goes to: --forum, else the channel's forum, else the only forum the actor is in. */
function submissionForum(ctx: CommandContext, named: string | undefined): ForumRef {
  if (named || ctx.deps.directory.forumOfChannel(ctx.req.platform, ctx.req.channelId)) return resolveForum(ctx, named);
  const actor = requireActor(ctx);
  const mine = actor.municipality.forums
    .map((forum) => ({ municipality: actor.municipality, forum }))
    .filter((r) => SUBMITTER_ROLES.includes(ctx.deps.directory.roleIn(r, actor.member.id)));
  if (mine.length === 1) return mine[0]!;
  return resolveForum(ctx, undefined); // explains how to name the forum
}

/**
 * The forums an item may be submitted to from a form: the one named (--forum), or the channel's when the
 * actor may submit there, else every forum of theirs where they may submit and a meeting is planned
 * (one, or a choice).
 */
export function formForums(ctx: CommandContext, named: string | undefined): ForumRef | ForumRef[] {
  const actor = requireActor(ctx);
  const mayUse = (r: ForumRef) => r.municipality.id === actor.municipality.id && SUBMITTER_ROLES.includes(ctx.deps.directory.roleIn(r, actor.member.id));
  const bound = ctx.deps.directory.forumOfChannel(ctx.req.platform, ctx.req.channelId);
  // the named forum (refused with the reason when not theirs), or the channel's when they may submit there
  if (named || (bound && mayUse(bound))) {
    const ref = resolveForum(ctx, named);
    requireRole(ctx, ref, SUBMITTER_ROLES, ctx.msg.actSubmit);
    if (!upcomingMeetings(ctx, ref).length) throw new UserError(errorView(ctx.msg.noUpcoming(ref.forum.name)));
    return ref;
  }
  const mine = actor.municipality.forums
    .map((forum) => ({ municipality: actor.municipality, forum }))
    .filter((r) => mayUse(r) && upcomingMeetings(ctx, r).length);
  if (!mine.length) throw new UserError(errorView(ctx.msg.noSubmitForum(ctx.deps.directory.coordinatorName(actor.municipality))));
  return mine.length === 1 ? mine[0]! : mine;
}

/**
 * Run a checked submission; a text command shows the first problem, a form shows them per field (the
 * form it came from again, `form`, or the forum's).
 */
export function runSubmission(ctx: CommandContext, ref: ForumRef, input: SubmissionInput, fromForm: boolean, form?: FormSpec): Reply {
  requireRole(ctx, ref, SUBMITTER_ROLES, ctx.msg.actSubmit);
  const problems = submissionProblems(ctx, ref, input);
  if (Object.keys(problems).length) {
    if (!fromForm) throw new UserError(errorView(Object.values(problems)[0]!));
    return { views: [refusedForm(ctx, form ?? submissionForm(ctx, ref), ctx.req.form?.values ?? {}, problems)] };
  }
  return submitItem(ctx, ref, input);
}

export const agendaAddCommand: CommandSpec = {
  name: 'agenda add',
  aliases: ['sak', 'meld'],
  usage: 'agenda add "<tittel>" [beskrivelse] [--case] [--category <kategori>] [--forum <forum>] [--meeting <ÅÅÅÅ-MM-DD>]',
  flags: ['case', 'topic', 'forum', 'meeting', 'category'],
  run(ctx) {
    requireActor(ctx);
    const { args, quoted, flags } = ctx.cmd;
    if (!args.length) {
      // the form: for the channel's (or the named) forum, else a choice among the actor's; prefilled from a message
      const v = view('form', ctx.msg.formTitle);
      v.form = submissionForm(ctx, formForums(ctx, flags.forum as string | undefined), ctx.req.prefill && screenPrefill(ctx, ctx.req.prefill));
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
      ...(typeof flags.category === 'string' ? { category: flags.category.toLowerCase() } : {}),
      ...(typeof meeting === 'string' ? { meetingDate: meeting } : {}),
    }, false);
  },
};

export const itemCommand: CommandSpec = {
  name: 'item',
  aliases: ['sak-vis', 'vis'],
  usage: 'item <ref>',
  run(ctx) {
    const { item, ref } = loadItem(ctx, ctx.cmd.args[0], `/slt ${this.usage}`);
    requireRole(ctx, ref, READER_ROLES, ctx.msg.actSeeAgenda);
    // an observer sees nothing of an item the forum has not been shown yet
    if (!shownItem(ctx, asker(ctx), 'item-card', item)) return { views: [view('info', undefined, { lines: [ctx.msg.itemNotPublished(item.ref)] })] };
    return { views: [itemCard(ctx, ref, item, { viewer: ctx.actor!.member.id, withActions: true })] };
  },
};

export const agendaMineCommand: CommandSpec = {
  name: 'agenda mine',
  aliases: ['mine', 'mine-saker'],
  usage: 'agenda mine',
  run(ctx) {
    const actor = requireActor(ctx);
    const items = ctx.deps.store.itemsOfSubmitter(actor.municipality.id, actor.member.id);
    const lines = items.flatMap((i) => {
      const ref = ctx.deps.directory.forumById(i.municipalityId, i.forumId);
      const meeting = ctx.deps.store.meeting(i.meetingId);
      const s = shownItem(ctx, asker(ctx), 'agenda-mine', i)?.item;
      if (!s) return [];
      return [[`• ${i.ref}`, ref?.forum.name ?? i.forumId, meeting && ref ? when(ctx, ref, meeting) : '', s.title, s.state && ctx.msg.stateName[s.state]].filter(Boolean).join(' · ')];
    });
    return { views: [view('list', ctx.msg.myItemsTitle, { lines: lines.length ? lines : [ctx.msg.noMyItems] })] };
  },
};
