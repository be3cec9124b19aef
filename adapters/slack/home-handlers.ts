import type { CommandRequest } from '../../src/core/commands/types';
import { messages } from '../../src/core/i18n';
import { formOf, handle, type HandlerDeps, openForm, openReply, publishHome } from './handlers';
import { HOME_ACTIONS } from './home';
import type { SlackRoutes } from './slack-routes';

/**
 * The App Home: published when the person opens it (and by the outbox when something in it changes);
 * its buttons open the agenda form (for one forum, or choosing among theirs) and a forum's agenda.
 */
export function registerHomeHandlers(app: SlackRoutes, deps: HandlerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user);
  });

  app.action(HOME_ACTIONS.submit, async ({ action, body, ack, client }) => {
    await ack();
    const forum = action.value ? ` --forum ${action.value}` : '';
    const req: CommandRequest = { platform: 'slack', userId: body.user.id, text: `agenda add${forum}`, requestId: `home:${body.view?.id}:${action.action_ts}` };
    const reply = await handle(deps, req);
    const form = formOf(reply)?.form;
    if (form) await openForm(deps, client, undefined, req, body.trigger_id, form, { kind: 'form', formId: form.id, context: form.context, answerInModal: true });
    else await openReply(deps, client, req, body.trigger_id, reply);
  });

  app.action(HOME_ACTIONS.agenda, async ({ action, body, ack, client }) => {
    await ack();
    const req: CommandRequest = { platform: 'slack', userId: body.user.id, text: `agenda ${action.value ?? ''}` };
    await openReply(deps, client, req, body.trigger_id, await handle(deps, req), messages(deps.bot.languageOf(req)).agendaModalTitle);
  });
}
