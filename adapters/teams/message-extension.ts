import { CardFactory, type MessagingExtensionAction, type MessagingExtensionActionResponse, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { CommandRequest } from '../../src/core/commands/types';
import { messages } from '../../src/core/i18n';
import type { Language } from '../../src/core/model/primitives';
import type { Reply } from '../../src/core/model/view';
import { viewsToCard, viewToCard } from './from-core';
import { plainTextOfHtml } from './to-core';
import { logId } from './request-checks';
import type { Log } from '../../src/observability/logger';

/** The message extension's command (manifests/teams/manifest.json, composeExtensions[0].commands[0].id). */
export const ADD_TO_AGENDA = 'addToAgenda';

/** What a fetchTask invoke must carry (checked where it enters): the command, and the message it was chosen on, if any. */
const FetchTask = z.object({
  commandId: z.string(),
  commandContext: z.string().optional(),
  messagePayload: z.object({
    body: z.object({ contentType: z.string().optional(), content: z.string().optional() }).optional(),
    linkToMessage: z.string().optional(),
  }).nullish(),
});

/** A submitted dialog: the form's id and context (from the submit button) and the values typed. */
const SubmitAction = z.object({
  commandId: z.string(),
  data: z.object({ formId: z.string(), context: z.record(z.string(), z.string()) }).catchall(z.unknown()),
});

export interface ExtensionDeps {
  /** run a request through the core (a crash becomes an error view) */
  toCore(req: Omit<CommandRequest, 'platform'>): Promise<Reply>;
  /** a request from this turn's sender and conversation */
  request(ctx: TurnContext, text: string, extra?: Partial<CommandRequest>): Omit<CommandRequest, 'platform'>;
  /** the language answers are in, for a request */
  languageOf(req: Pick<CommandRequest, 'platform' | 'userId' | 'channelId'>): Language;
  log: Log;
}

/** A reply as the dialog's content; a form in it is sent back to us with Action.Submit. */
function dialog(title: string, reply: Reply): MessagingExtensionActionResponse {
  const form = reply.views.find((v) => v.form);
  const card = form ? viewToCard(form, { dialog: true }) : viewsToCard(reply.views.map((v) => ({ ...v, actions: [] })));
  return { task: { type: 'continue', value: { title, width: 'medium', height: 'large', card: CardFactory.adaptiveCard(card) } } };
}

/** The message's text as the core wants it: plain text from Teams' HTML (or its text as is). */
function messageText(payload: z.infer<typeof FetchTask>['messagePayload']): string {
  const body = payload?.body;
  if (!body?.content) return '';
  return body.contentType === 'text' ? body.content : plainTextOfHtml(body.content);
}

/**
 * "Meld opp som SLT-sak" in a message's "More actions" menu (and from the compose box): a message
 * extension action command with `fetchTask`. fetchTask answers with the agenda form as a dialog, prefilled
 * with the message's text (screened by the core: personal data is never shown back or stored) and a link
 * back to it; the channel's forum is chosen when the channel is bound, else the person picks among theirs.
 * submitAction submits the form through the core; a refusal shows the form again with what was typed, and
 * the answer says where the item went.
 */
export class MessageExtension {
  constructor(private readonly deps: ExtensionDeps) {}

  async fetchTask(ctx: TurnContext, raw: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const action = FetchTask.safeParse(raw);
    const lang = this.language(ctx);
    if (!action.success || action.data.commandId !== ADD_TO_AGENDA) {
      const command = action.success ? logId(action.data.commandId) : 'unreadable';
      this.deps.log.warn({ event: 'teams.extension-unknown', command }, `teams: a message extension command that is not ours (${command})`);
      return { task: { type: 'message', value: messages(lang).internalError } };
    }
    const payload = action.data.messagePayload;
    const link = payload?.linkToMessage;
    const prefill = payload ? { prefill: { description: messageText(payload), ...(link ? { sourceLink: link } : {}) } } : {};
    const reply = await this.deps.toCore(this.deps.request(ctx, 'agenda add', prefill));
    return dialog(messages(lang).formTitle, reply);
  }

  async submitAction(ctx: TurnContext, raw: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const action = SubmitAction.safeParse(raw);
    const lang = this.language(ctx);
    if (!action.success || action.data.commandId !== ADD_TO_AGENDA) {
      this.deps.log.warn({ event: 'teams.extension-unreadable' }, 'teams: a message extension submission that is not our form; ignored');
      return { task: { type: 'message', value: messages(lang).internalError } };
    }
    const { formId, context, ...typed } = action.data.data;
    const values = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, typeof v === 'string' ? v : String(v ?? '')]));
    const reply = await this.deps.toCore(this.deps.request(ctx, '', { form: { id: formId, context, values } }));
    const refused = reply.views.some((v) => v.form);
    return dialog(refused ? messages(lang).formTitle : messages(lang).replyTitle, reply);
  }

  /** the language of the answer: the channel's forum's, else the person's municipality's (as every answer) */
  private language(ctx: TurnContext): Language {
    return this.deps.languageOf({ platform: 'teams', ...this.deps.request(ctx, '') });
  }
}
