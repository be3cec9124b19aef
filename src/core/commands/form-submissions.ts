import { errorView } from '../views';
import { runSubmission } from './agenda-commands';
import { type CommandContext, type CommandSpec, UserError } from './types';

/** Submissions of the forms the core hands out (FormSpec.id → handler). Not part of the typed grammar. */
export const FORM_HANDLERS: Record<string, CommandSpec> = {
  'agenda-add': {
    name: 'agenda add',
    usage: 'agenda add',
    run(ctx: CommandContext) {
      const form = ctx.req.form!;
      const ref = ctx.deps.directory.forumById(form.context.municipality ?? '', form.context.forum ?? '');
      if (!ref) throw new UserError(errorView(ctx.msg.noForumHere));
      const v = form.values;
      return runSubmission(ctx, ref, {
        title: v.title ?? '',
        ...(v.description?.trim() ? { description: v.description } : {}),
        kind: v.kind === 'case' ? 'case' : 'topic',
        ...(v.category ? { category: v.category } : {}),
        ...(v.meeting ? { meetingDate: v.meeting } : {}),
      }, true);
    },
  },
};
