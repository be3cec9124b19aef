import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SltBot } from '../../src/core/bot';
import type { CommandRequest } from '../../src/core/commands/types';
import { messages } from '../../src/core/i18n';
import type { FormSpec, Reply, View } from '../../src/core/model/view';
import { errorView } from '../../src/core/model/view';
import { formToModal, mrkdwnOf, type ModalMeta, POST_OPTIONS, replyModal, toMessages, viewsToMessages } from './from-core';
import { homeToSlackView } from './home';
import type { Log } from '../../src/observability/logger';
import type { SlackRoutes } from './slack-routes';

export interface HandlerDeps {
  bot: SltBot;
  log: Log;
}

/** Run a request through the core; an unexpected crash becomes a friendly error view and a log line. */
export async function handle(deps: HandlerDeps, req: CommandRequest): Promise<Reply> {
  try {
    return await deps.bot.handle(req);
  } catch (e) {
    deps.log.error({ event: 'slack.crash', err: e }, 'slack: a request crashed in the core; the person was told');
    return { views: [errorView(messages('nb').internalError)] };
  }
}

/**
 * Show a reply privately to one person: ephemeral in the channel, or as a DM when there is no channel.
 * A DM is kept by Slack, so the core remembers it if it showed a case's texts (retention edits it later).
 */
export async function showPrivately(deps: HandlerDeps, client: WebClient, user: string, channel: string | undefined, reply: Reply): Promise<void> {
  const target = channel ?? (await client.conversations.open({ users: user })).channel?.id;
  if (!target) return;
  for (const m of viewsToMessages(reply.views)) {
    if (channel) await client.chat.postEphemeral({ channel, user, text: m.text, blocks: m.blocks });
    else {
      const sent = await client.chat.postMessage({ channel: target, text: m.text, blocks: m.blocks, ...POST_OPTIONS });
      if (sent.ts) await deps.bot.rememberDelivered('slack', { kind: 'dm', id: user }, `${sent.channel ?? target}:${sent.ts}`, reply);
    }
  }
}

/**
 * Open a form as a modal. Its trigger is valid for 3 s only: when Slack answers too late
 * (expired_trigger_id) the person is told what happened and what to type instead.
 */
export async function openForm(deps: HandlerDeps, client: WebClient, respond: RespondFn | undefined, req: Pick<CommandRequest, 'platform' | 'userId' | 'channelId'>, triggerId: string, form: FormSpec, meta: ModalMeta): Promise<void> {
  try {
    await client.views.open({ trigger_id: triggerId, view: formToModal(form, meta, messages(deps.bot.languageOf(req))) });
  } catch (e) {
    if ((e as { data?: { error?: string } }).data?.error !== 'expired_trigger_id') throw e;
    deps.log.warn({ event: 'slack.form-expired' }, 'slack: a form could not be opened in time (expired_trigger_id); the user was told');
    // from the App Home or a global shortcut there is no response_url: the person is told in their DM with the bot
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, text: mrkdwnOf(deps.bot.formExpired(req, form)) });
    else await showPrivately(deps, client, req.userId, undefined, { views: [errorView(deps.bot.formExpired(req, form))] });
  }
}

/** A reply shown in a modal (the App Home and the shortcuts have no channel to answer in). */
export async function openReply(deps: HandlerDeps, client: WebClient, req: Pick<CommandRequest, 'platform' | 'userId' | 'channelId'>, triggerId: string, reply: Reply, title?: string): Promise<void> {
  const msg = messages(deps.bot.languageOf(req));
  await client.views.open({ trigger_id: triggerId, view: replyModal(reply.views, title ?? msg.replyTitle, msg.modalClose) });
}

/** Publish a person's App Home as it is now (when they open it, or after they acted on it). */
export async function publishHome(deps: HandlerDeps, client: WebClient, user: string): Promise<void> {
  await client.views.publish({ user_id: user, view: homeToSlackView(await deps.bot.home('slack', user)) });
}

/** The view of a reply that carries a form to open (not one that reports errors on a form). */
export const formOf = (reply: Reply): View | undefined => reply.views.find((v) => v.form);

/** After a decision: the card it came from is replaced by the updated card (outcome and who decided). */
async function updateCard(client: WebClient, reply: Reply, channel: string | undefined, ts: string | undefined): Promise<boolean> {
  const card = reply.views.find((v) => v.kind === 'item' && v.itemRef);
  const decided = reply.views.some((v) => v.kind === 'success');
  if (!card || !decided || !channel || !ts) return false;
  const [m] = toMessages(card);
  await client.chat.update({ channel, ts, text: m!.text, blocks: m!.blocks });
  return true;
}

export function registerHandlers(app: SlackRoutes, deps: HandlerDeps): void {
  // /slt <anything>: the reply is the ack's body (ephemeral), within Slack's 3 s
  app.command('/slt', async ({ command, ack, client, respond }) => {
    const req: CommandRequest = { platform: 'slack', userId: command.user_id, channelId: command.channel_id, text: command.text, requestId: `command:${command.trigger_id}` };
    const reply = await handle(deps, req);
    const form = formOf(reply);
    if (form?.form) {
      await ack();
      await openForm(deps, client, respond, req, command.trigger_id, form.form, { kind: 'form', formId: form.form.id, context: form.form.context, channel: command.channel_id });
      return;
    }
    const [first, ...rest] = viewsToMessages(reply.views);
    await ack({ response_type: 'ephemeral', text: first!.text, blocks: first!.blocks });
    for (const m of rest) await respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
  });

  // @SLT agenda … in a channel: the same grammar; the answer is private to the writer
  app.event('app_mention', async ({ event, body, client, context }) => {
    const text = event.text.replace(new RegExp(`<@${context.botUserId ?? '[A-Z0-9]+'}>`, 'g'), '').trim();
    const id = (body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`;
    if (!event.user) return;
    const user = event.user;
    const req: CommandRequest = { platform: 'slack', userId: user, channelId: event.channel, text, requestId: `event:${id}` };
    const reply = await handle(deps, req);
    await deps.bot.showOnce(req, () => showPrivately(deps, client, user, event.channel, { ...reply, views: reply.views.filter((v) => !v.form) }));
  });

  // decision buttons on item cards
  app.action(/^slt_(approve|reject|defer|ask)$/, async ({ action, body, ack, client, respond }) => {
    await ack();
    const verb = action.action_id.slice(4);
    // a button on the App Home: the answer comes in a modal, and the Home is published again
    const fromHome = body.view?.type === 'home';
    const channel = body.container.channel_id as string | undefined ?? body.channel?.id;
    const ts = body.container.message_ts as string | undefined;
    const req: CommandRequest = {
      platform: 'slack', userId: body.user.id, ...(channel ? { channelId: channel } : {}),
      text: `${verb} ${action.value}${verb === 'defer' ? ' next' : ''}`, requestId: `action:${ts ?? body.view?.id}:${action.action_ts}`,
    };
    const reply = await handle(deps, req);
    const form = formOf(reply);
    if (form?.form) {
      const meta: ModalMeta = { kind: 'form', formId: form.form.id, context: form.form.context, ...(channel ? { channel, messageChannel: channel } : {}), ...(ts ? { messageTs: ts } : {}), ...(fromHome ? { answerInModal: true } : {}) };
      await openForm(deps, client, fromHome ? undefined : respond, req, body.trigger_id, form.form, meta);
      return;
    }
    if (fromHome) {
      await openReply(deps, client, req, body.trigger_id, reply);
      await publishHome(deps, client, body.user.id);
      return;
    }
    await updateCard(client, reply, channel, ts);
    for (const m of viewsToMessages(reply.views.filter((v) => v.kind !== 'item'))) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks });
    }
  });

  // modal submissions: the agenda form and the reason/question of a decision
  app.view('slt_form', async ({ ack, body, view, client }) => {
    const meta = JSON.parse(view.private_metadata || '{}') as ModalMeta;
    const values: Record<string, string> = {};
    for (const [blockId, actions] of Object.entries(view.state.values)) {
      const v = actions.value;
      values[blockId] = v?.value ?? v?.selected_option?.value ?? '';
    }
    // one opened modal can be submitted several times (after a field error it stays open, with the same
    // view id and hash): each submission has its own trigger id, a redelivery of one the same
    const reply = await handle(deps, {
      platform: 'slack', userId: body.user.id, ...(meta.channel ? { channelId: meta.channel } : {}), text: '',
      requestId: `view:${view.id}:${body.trigger_id}`, form: { id: meta.formId ?? '', context: meta.context ?? {}, values },
    });
    const bad = reply.views.find((v) => v.fieldErrors);
    if (bad?.fieldErrors) {
      await ack({ response_action: 'errors', errors: bad.fieldErrors });
      return;
    }
    if (meta.answerInModal) {
      // opened from the App Home (or a global shortcut): the answer replaces the form, the Home is published again
      const msg = messages(deps.bot.languageOf({ platform: 'slack', userId: body.user.id }));
      await ack({ response_action: 'update', view: replyModal(reply.views, msg.replyTitle, msg.modalClose) });
      await publishHome(deps, client, body.user.id);
      return;
    }
    await ack();
    const updated = await updateCard(client, reply, meta.messageChannel, meta.messageTs);
    const rest = reply.views.filter((v) => !(updated && v.kind === 'item'));
    await showPrivately(deps, client, body.user.id, meta.channel, { ...reply, views: rest });
  });
}
