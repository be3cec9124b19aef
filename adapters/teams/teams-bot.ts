import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type Attachment, CardFactory, type CloudAdapter,
  type ConversationParameters, type ConversationReference, DeliveryModes, type FileConsentCardResponse, type MessagingExtensionAction,
  type MessagingExtensionActionResponse, TeamsActivityHandler, TeamsInfo, TurnContext } from 'botbuilder';
import type { SltBot } from '../../src/core/bot';
import type { CommandRequest } from '../../src/core/commands/types';
import type { Directory } from '../../src/core/model/directory';
import { messages } from '../../src/core/i18n';
import type { Clock } from '../../src/core/ports/clock';
import type { SltStore } from '../../src/core/ports/store';
import { errorView, type Reply, type View } from '../../src/core/model/view';
import { errorSummary } from '../../src/observability/log-redaction';
import type { Log } from '../../src/observability/logger';
import { FileConsentAccept, fileInfoCard, uploadToSession } from './file-consent';
import { type Card, summaryLine, viewToCard, viewsToCard } from './from-core';
import { MessageExtension } from './message-extension';
import { channelOf, commandText, isPersonal, referenceKey, storedReference } from './to-core';

export interface TeamsBotDeps {
  bot: SltBot;
  directory: Directory;
  store: SltStore;
  clock: Clock;
  appId: string;
  log: Log;
}

const invokeCard = (card: Card): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });

/**
 * Teams activities → core commands; core views → Adaptive Cards. Messages in a channel or group chat
 * are answered in the person's personal chat (Teams has no ephemeral messages, and replies may hold
 * private details), with a short note in the thread.
 */
export class SltTeamsBot extends TeamsActivityHandler {
  /** some member is configured by UPN (name@kommune.no) rather than by AAD object id */
  private readonly upnsConfigured: boolean;
  /** senders already looked up by UPN in this process (found or not): asked once */
  private readonly upnAsked = new Set<string>();
  /** "Meld opp som SLT-sak" on a message (composeExtension/fetchTask and submitAction) */
  private readonly extension: MessageExtension;

  constructor(private readonly deps: TeamsBotDeps, private readonly adapter: CloudAdapter) {
    super();
    this.upnsConfigured = deps.directory.municipalities.some((m) => m.members.some((x) => x.identities.teams?.includes('@')));
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
    this.extension = new MessageExtension({
      toCore: (req) => this.toCore(req),
      request: (ctx, text, extra) => this.request(ctx, text, extra),
      languageOf: (req) => deps.bot.languageOf(req),
      log: deps.log,
    });
  }

  protected override async handleTeamsMessagingExtensionFetchTask(ctx: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return this.extension.fetchTask(ctx, action);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(ctx: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return this.extension.submitAction(ctx, action);
  }

  /** Every activity the bot sees teaches it where it can write later. */
  override async run(ctx: TurnContext): Promise<void> {
    const key = referenceKey(ctx.activity);
    if (key) await this.rememberConversation(key, TurnContext.getConversationReference(ctx.activity));
    await this.linkByUpn(ctx);
    await super.run(ctx);
  }

  /**
   * Where the bot can write later; a storage fault here must not keep the command from its answer.
   * Written only when it is new, changed or marked unreachable: most activities come from a conversation
   * whose reference is stored as it is, and a write transaction for each would be spent on nothing.
   */
  private async rememberConversation(key: string, ref: Partial<ConversationReference>): Promise<void> {
    const json = JSON.stringify(storedReference(key, ref));
    try {
      const stored = await this.deps.store.read.conversationRef(key);
      if (stored?.reachable && stored.referenceJson === json) return;
      const nowUtc = this.deps.clock.now().toISOString();
      await this.deps.store.transaction((tx) => tx.saveConversationRef(key, json, nowUtc));
    } catch (e) {
      this.deps.log.warn({ event: 'teams.reference-not-stored', key, err: e }, `teams: could not store the conversation reference ${key}: ${errorSummary(e)}`);
    }
  }

  /**
   * Activities carry the sender's AAD object id, not their UPN. A sender we do not know is looked up
   * once (TeamsInfo.getMember); if their UPN is a configured member's `identities.teams`, the object id
   * is linked to that member and stored, so the lookup is not repeated after a restart.
   */
  private async linkByUpn(ctx: TurnContext): Promise<void> {
    const from = ctx.activity.from;
    const aad = from?.aadObjectId;
    if (!this.upnsConfigured || !aad || this.upnAsked.has(aad) || this.deps.directory.actor('teams', aad)) return;
    this.upnAsked.add(aad);
    try {
      const account = await TeamsInfo.getMember(ctx, from.id);
      const actor = account.userPrincipalName ? this.deps.directory.actor('teams', account.userPrincipalName) : undefined;
      if (!actor) return;
      const link = { platform: 'teams', userId: aad, municipalityId: actor.municipality.id, memberId: actor.member.id };
      const nowUtc = this.deps.clock.now().toISOString();
      await this.deps.store.transaction((tx) => tx.linkIdentity(link, nowUtc));
      this.deps.directory.link(link);
    } catch (e) {
      this.deps.log.warn({ event: 'teams.upn-lookup-failed', err: e }, `teams: could not look up the sender's UPN: ${errorSummary(e)}`);
    }
  }

  private async toCore(req: Omit<CommandRequest, 'platform'>): Promise<Reply> {
    try {
      return await this.deps.bot.handle({ platform: 'teams', ...req });
    } catch (e) {
      this.deps.log.error({ event: 'teams.crash', err: e }, 'teams: a request crashed in the core; the person was told');
      return { views: [errorView(messages('nb').internalError)] };
    }
  }

  private request(ctx: TurnContext, text: string, extra: Partial<CommandRequest> = {}): Omit<CommandRequest, 'platform'> {
    const a = ctx.activity;
    return {
      userId: a.from.aadObjectId ?? a.from.id, text, requestId: a.id ?? `${a.conversation.id}:${a.timestamp}`,
      ...(isPersonal(a) ? {} : { channelId: channelOf(a.conversation.id) }), ...extra,
    };
  }

  /** A command typed to the bot; a resent activity (same id) acts once and is answered once. */
  private async message(ctx: TurnContext): Promise<void> {
    const req = this.request(ctx, commandText(ctx.activity));
    const reply = await this.toCore(req);
    const card = viewsToCard(reply.views, { withButtons: true });
    const attachment = CardFactory.adaptiveCard(card);
    // what a notification or the chat list shows before the card is opened
    const summary = summaryLine(card);
    // the personal chat keeps the reply: the core remembers it if it showed a case's texts
    const me = { kind: 'dm' as const, id: ctx.activity.from.aadObjectId ?? ctx.activity.from.id };
    if (isPersonal(ctx.activity) && ctx.activity.deliveryMode === DeliveryModes.ExpectReplies) {
      // the reply travels in this request's HTTP response, like an acknowledgement: a resent activity
      // (its response was lost) gets the same stored reply again, the command having acted once
      await ctx.sendActivity({ summary, attachments: [attachment] });
      return;
    }
    await this.deps.bot.showOnce({ platform: 'teams', ...req }, async () => {
      if (isPersonal(ctx.activity)) {
        const sent = await ctx.sendActivity({ summary, attachments: [attachment] });
        await this.deps.bot.rememberDelivered('teams', me, sent?.id, reply);
        return;
      }
      await this.deps.bot.rememberDelivered('teams', me, await this.sendPersonal(ctx, attachment, summary), reply);
      const lang = this.deps.directory.actor('teams', ctx.activity.from.aadObjectId ?? '')?.municipality.language;
      await ctx.sendActivity(messages(lang).repliedPrivately);
    });
  }

  /** Post to the sender's personal chat: the one we know, or a new one. Returns the message's id. */
  private async sendPersonal(ctx: TurnContext, attachment: Attachment, summary: string): Promise<string | undefined> {
    const a = ctx.activity;
    const key = `teams:user:${(a.from.aadObjectId ?? a.from.id).toLowerCase()}`;
    const known = await this.deps.store.read.conversationRef(key);
    let id: string | undefined;
    const send = async (pctx: TurnContext) => {
      id = (await pctx.sendActivity({ summary, attachments: [attachment] }))?.id;
    };
    if (known?.reachable) {
      await this.adapter.continueConversationAsync(this.deps.appId, JSON.parse(known.referenceJson), send);
      return id;
    }
    const tenantId = (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation.tenantId;
    const params = { isGroup: false, bot: a.recipient, members: [a.from], ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}) } as ConversationParameters;
    await this.adapter.createConversationAsync(this.deps.appId, a.channelId, a.serviceUrl, '', params, async (pctx) => {
      await this.rememberConversation(key, TurnContext.getConversationReference(pctx.activity));
      await send(pctx);
    });
    return id;
  }

  /**
   * The person accepted a file (FileConsentCard): the meeting's calendar file as it is now (only for a
   * person of its forum) is put in the upload session Teams opened in their OneDrive, and a FileInfoCard
   * shows it in the chat. A resent invoke (same activity id) uploads and shows nothing again.
   */
  protected override async handleTeamsFileConsentAccept(ctx: TurnContext, value: FileConsentCardResponse): Promise<void> {
    const accept = FileConsentAccept.safeParse(value);
    if (!accept.success) {
      const fields = accept.error.issues.map((i) => i.path.join('.')).join(', ');
      this.deps.log.warn({ event: 'teams.file-consent-unreadable', fields }, `teams: a file consent that is not ours: ${fields}`);
      return;
    }
    const req = { platform: 'teams' as const, ...this.request(ctx, '') };
    const msg = messages(this.deps.directory.actor('teams', req.userId)?.municipality.language);
    await this.deps.bot.showOnce(req, async () => {
      const file = await this.deps.bot.calendarFile(req, accept.data.context.meetingId);
      if (!file) {
        await ctx.sendActivity(msg.calendarFileGone);
        return;
      }
      try {
        await uploadToSession(accept.data.uploadInfo.uploadUrl, Buffer.from(file.content, 'utf8'));
      } catch (e) {
        this.deps.log.warn({ event: 'teams.file-upload-failed', err: e }, `teams: the calendar file could not be uploaded: ${errorSummary(e)}`);
        await ctx.sendActivity(msg.calendarFileFailed);
        return;
      }
      await ctx.sendActivity({ attachments: [fileInfoCard(accept.data.uploadInfo)] });
    });
  }

  /** The person declined the file: nothing is uploaded (the invitation itself stays). */
  protected override async handleTeamsFileConsentDecline(): Promise<void> {}

  /** Action.Execute: decision buttons, the per-user refresh, and form submissions. */
  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = value.action.verb;
    const data = (value.action.data ?? {}) as Record<string, unknown>;
    const ref = String(data.ref ?? '');
    // an invoke's answer replaces the card it came from (replyToId) for the person: remembered like a reply
    const shown = async (reply: Reply) => {
      await this.deps.bot.rememberDelivered('teams', { kind: 'dm', id: ctx.activity.from.aadObjectId ?? ctx.activity.from.id }, ctx.activity.replyToId, reply);
      return reply;
    };
    if (verb === 'refresh') return invokeCard(viewsToCard((await shown(await this.toCore(this.request(ctx, `item ${ref}`)))).views, { withButtons: true }));
    if (verb === 'form') {
      const { formId, context, ...values } = data;
      const reply = await this.toCore(this.request(ctx, '', {
        form: { id: String(formId), context: (context ?? {}) as Record<string, string>, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v ?? '')])) },
      }));
      return invokeCard(await this.afterDecision(ctx, await shown(reply)));
    }
    if (['approve', 'reject', 'defer', 'ask'].includes(verb)) {
      const reply = await this.toCore(this.request(ctx, `${verb} ${ref}${verb === 'defer' ? ' next' : ''}`));
      return invokeCard(await this.afterDecision(ctx, await shown(reply)));
    }
    return invokeCard(viewToCard(errorView(messages('nb').internalError)));
  }

  /**
   * After a decision the card is updated in place for everyone (the outcome and who decided, no
   * buttons), and the person who pressed gets the reply. A refusal or a form changes nothing else.
   */
  private async afterDecision(ctx: TurnContext, reply: Reply): Promise<Card> {
    const item = reply.views.find((v): v is View => v.kind === 'item' && Boolean(v.itemRef));
    const decided = reply.views.some((v) => v.kind === 'success');
    if (item && decided && ctx.activity.replyToId) {
      const everyone = viewToCard({ ...item, actions: [] });
      try {
        await ctx.updateActivity({ id: ctx.activity.replyToId, type: 'message', attachments: [CardFactory.adaptiveCard(everyone)] });
      } catch (e) {
        this.deps.log.warn({ event: 'teams.card-update-failed', err: e }, `teams: could not update the card in place: ${errorSummary(e)}`);
      }
    }
    return viewsToCard(reply.views, { withButtons: true });
  }
}
