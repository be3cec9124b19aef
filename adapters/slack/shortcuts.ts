import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { CommandRequest } from '../../src/core/commands/types';
import { formOf, handle, type HandlerDeps, openForm, openReply } from './handlers';
import type { SlackRoutes } from './slack-routes';
import { builtPermalink, plainTextOfMrkdwn } from './to-core';

/** The shortcuts' callback ids (manifests/slack/manifest.yml names them). */
export const SHORTCUTS = { message: 'slt_add_to_agenda', global: 'slt_submit_item' } as const;

/** What a message shortcut's payload must carry (checked where it enters; the rest is ignored). */
const MessageAction = z.object({
  trigger_id: z.string().min(1),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  team: z.object({ domain: z.string().optional() }).nullish(),
  message: z.object({ ts: z.string().min(1), text: z.string().optional(), thread_ts: z.string().optional() }),
});
const GlobalShortcut = z.object({ trigger_id: z.string().min(1), user: z.object({ id: z.string().min(1) }) });

/** How long the link back to a message may take before the one Slack's permalinks look like is used (the trigger lives 3 s). */
const PERMALINK_WAIT_MS = 800;

/** The message's permalink from Slack (chat.getPermalink), or built from the workspace, channel and ts when Slack is slow or refuses. */
async function permalinkOf(client: WebClient, channel: string, message: z.infer<typeof MessageAction>['message'], domain: string | undefined): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const slow = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), PERMALINK_WAIT_MS); });
    const res = await Promise.race([client.chat.getPermalink({ channel, message_ts: message.ts }), slow]);
    if (res?.permalink) return res.permalink;
  } catch {
    // the link is a convenience: built below instead
  } finally {
    clearTimeout(timer);
  }
  return domain ? builtPermalink(domain, channel, message.ts, message.thread_ts) : undefined;
}

/** The agenda form in a modal (its answer comes in the modal too), or, when the core refuses, the refusal in a modal. */
async function openAgendaForm(deps: HandlerDeps, client: WebClient, req: CommandRequest, triggerId: string, respond?: Parameters<typeof openForm>[2]): Promise<void> {
  const reply = await handle(deps, req);
  const form = formOf(reply)?.form;
  if (form) await openForm(deps, client, respond, req, triggerId, form, { kind: 'form', formId: form.id, context: form.context, ...(req.channelId ? { channel: req.channelId } : {}), answerInModal: true });
  else await openReply(deps, client, req, triggerId, reply);
}

/**
 * "Meld opp som SLT-sak" on any message (a message shortcut) opens the agenda form with the message's
 * text as the description (screened by the core: personal data is never shown back or stored), the
 * channel's forum chosen when the channel is bound (else a choice among the person's forums), and a link
 * back to the message kept with the item. "Meld opp SLT-sak" (a global shortcut) opens the same form from
 * anywhere. The answer comes in the modal: the bot need not be in the channel of the message.
 */
export function registerShortcuts(app: SlackRoutes, deps: HandlerDeps): void {
  app.shortcut({ callback_id: SHORTCUTS.message, type: 'message_action' }, async ({ shortcut, ack, client, respond }) => {
    await ack();
    const parsed = MessageAction.safeParse(shortcut);
    if (!parsed.success) {
      deps.log.warn({ event: 'slack.shortcut-unreadable' }, 'slack: a message shortcut arrived without its user, channel, message or trigger; ignored');
      return;
    }
    const { user, channel, team, message, trigger_id: triggerId } = parsed.data;
    const sourceLink = await permalinkOf(client, channel.id, message, team?.domain);
    const req: CommandRequest = {
      platform: 'slack', userId: user.id, channelId: channel.id, text: 'agenda add', requestId: `shortcut:${triggerId}`,
      prefill: { description: plainTextOfMrkdwn(message.text ?? ''), ...(sourceLink ? { sourceLink } : {}) },
    };
    await openAgendaForm(deps, client, req, triggerId, respond);
  });

  app.shortcut({ callback_id: SHORTCUTS.global, type: 'shortcut' }, async ({ shortcut, ack, client }) => {
    await ack();
    const parsed = GlobalShortcut.safeParse(shortcut);
    if (!parsed.success) {
      deps.log.warn({ event: 'slack.shortcut-unreadable' }, 'slack: a global shortcut arrived without its user or trigger; ignored');
      return;
    }
    const req: CommandRequest = { platform: 'slack', userId: parsed.data.user.id, text: 'agenda add', requestId: `shortcut:${parsed.data.trigger_id}` };
    await openAgendaForm(deps, client, req, parsed.data.trigger_id);
  });
}
