import { sourceLinkOf } from '../model/source-link';
import { forumChoice, submissionForm } from '../views/submission-form';
import { formForums, runSubmission } from './agenda-commands';
import { answerCommand, askCommand, rejectCommand } from './decision-commands';
import { refusedForm } from '../views/refused-form';
import { refused, UserError } from '../use-cases/user-error';
import type { CommandContext, CommandSpec } from './types';
import { requireWho } from './who-may-run';
import { clip } from '../input/input-limits';

const TEXT_VERBS: Record<string, CommandSpec> = { reject: rejectCommand, ask: askCommand, answer: answerCommand };

/** Submissions of the forms the core hands out (FormSpec.id → handler). Not part of the typed grammar. */
export const FORM_HANDLERS: Record<string, CommandSpec> = {
  'agenda-add': {
    name: 'agenda add',
    who: 'submitters',
    async run(ctx: CommandContext) {
      const form = ctx.req.form!;
      const v = form.values;
      // the link back to a message comes back from the platform: checked again
      const sourceLink = sourceLinkOf(form.context.source);
      const prefill = { notes: [], ...(sourceLink ? { sourceLink } : {}) };
      let ref;
      let shown;
      if (form.context.choose === 'forum') {
        // the forum was chosen in the form: one the actor may submit to, or the form again with the error at the field
        const choices = [await formForums(ctx, undefined)].flat();
        ref = choices.find((r) => forumChoice(r) === v.forum);
        shown = await submissionForm(ctx, choices, prefill);
        if (!ref) throw new UserError(refusedForm(ctx, shown, v, { forum: ctx.msg.unknownSubmitForum }));
      } else {
        ref = ctx.directory.forumById(form.context.municipality ?? '', form.context.forum ?? '');
        if (!ref) throw refused(ctx.msg.noForumHere);
        shown = await submissionForm(ctx, ref, prefill);
      }
      return runSubmission(ctx, ref, {
        title: v.title ?? '',
        ...(v.description?.trim() ? { description: v.description } : {}),
        kind: v.kind === 'case' ? 'case' : 'topic',
        ...(v.category ? { category: v.category } : {}),
        ...(v.meeting && form.context.choose !== 'forum' ? { meetingDate: v.meeting } : {}),
        ...(sourceLink ? { sourceLink } : {}),
      }, true, shown);
    },
  },
  /** the reason or question of a reject/ask pressed as a button: run the command with it */
  'decision-text': {
    name: 'decision-text',
    who: 'deciders',
    async run(ctx: CommandContext) {
      const { context, values } = ctx.req.form!;
      const spec = TEXT_VERBS[context.verb ?? ''];
      if (!spec || !context.ref) throw refused(ctx.msg.unknownItem(clip(context.ref ?? '')));
      const text = (values.text ?? '').trim();
      const sub = { ...ctx, cmd: { words: [spec.name], args: [context.ref, ...(text ? text.split(/\s+/) : [])], quoted: [], flags: {} } };
      await requireWho(sub, spec);
      try {
        return await spec.run(sub);
      } catch (e) {
        // a refused text comes back on its field, with the form, so the person can correct it
        if (!(e instanceof UserError) || e.view.kind !== 'error' || !text) throw e;
        let form;
        try {
          await spec.run({ ...ctx, cmd: { ...sub.cmd, args: [context.ref] } });
        } catch (again) {
          if (again instanceof UserError) form = again.view.form;
        }
        const errors = { text: e.view.sections.flatMap((x) => x.lines).join(' ') };
        throw new UserError(form ? refusedForm(ctx, form, values, errors) : { ...e.view, fieldErrors: errors });
      }
    },
  },
};
