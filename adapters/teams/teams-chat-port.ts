import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { type ChatPort, PermanentSendError, RetryableSendError } from '../../src/core/ports/chat-port';
import type { Directory } from '../../src/core/model/directory';
import type { Clock } from '../../src/core/ports/clock';
import type { SltStore } from '../../src/core/ports/store';
import type { View } from '../../src/core/model/view';
import { fileConsentCard } from './file-consent';
import { summaryLine, viewToCard } from './from-core';
import { retryLaterError } from '../../src/http/rate-limit';
import { storedReference } from './to-core';

/** Teams ids of members (for refresh.userIds), from the configuration and links. */
export function teamsIds(directory: Directory, memberIds: readonly string[] = []): string[] {
  return directory.municipalities.flatMap((m) => m.members.filter((p) => memberIds.includes(p.id) && p.identities.teams).map((p) => p.identities.teams!));
}

/**
 * Proactive messages through stored conversation references (continueConversationAsync). A DM's file
 * (an invitation's .ics) comes as a FileConsentCard in the same message; see SltTeamsBot for the rest of
 * the file flow. A conversation
 * that answered 403 (the bot was removed or blocked) is marked unreachable and never tried again.
 * A 429 is first retried by the connector client itself, which honours Retry-After; if it still fails,
 * the outbox waits the Retry-After it got; server errors are retried by the outbox.
 */
export class TeamsChatPort implements ChatPort {
  readonly platform = 'teams' as const;
  /** Teams allows about 7 messages a second per conversation */
  readonly minIntervalMs = 150;

  constructor(private readonly adapter: CloudAdapter, private readonly appId: string, private readonly store: SltStore, private readonly directory: Directory, private readonly clock: Clock) {}

  async send(target: { kind: 'channel' | 'dm'; id: string }, view: View, replaceMessageId?: string): Promise<string | undefined> {
    const key = target.kind === 'channel' ? `teams:channel:${target.id}` : `teams:user:${target.id.toLowerCase()}`;
    const ref = await this.store.read.conversationRef(key);
    if (!ref) throw new PermanentSendError(`no conversation with ${key} yet: the bot must be added there first`, 'not-installed');
    if (!ref.reachable) throw new PermanentSendError(`${key} is unreachable (the bot was removed or blocked)`, 'not-member');
    // a decider reading a DM gets the buttons at once; elsewhere only the deciders see them (refresh.userIds)
    const recipient = target.kind === 'dm' ? this.directory.actor('teams', target.id)?.member.id : undefined;
    const withButtons = Boolean(recipient && view.actionsFor?.includes(recipient));
    const card = viewToCard(view, { withButtons, deciderTeamsIds: teamsIds(this.directory, view.actionsFor) });
    let id: string | undefined;
    // a new message, not a reply to whatever activity the reference was taken from: in a channel, a new
    // post on the channel itself (a reference stored by an older version may still point into a thread)
    const reference = storedReference(key, JSON.parse(ref.referenceJson) as Partial<ConversationReference>);
    // the adapter's turn pipeline hands errors to onTurnError instead of throwing: keep ours
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
        // botbuilder makes every proactive send a reply to its own continuation event: post instead
        ctx.onSendActivities(async (_c, activities, next) => {
          for (const a of activities) delete a.replyToId;
          return next();
        });
        // a file goes with a DM as a FileConsentCard beside the card (Teams bots hand files over in personal chat only)
        const file = view.attachment?.meetingId && target.kind === 'dm' && !replaceMessageId ? [fileConsentCard({ ...view.attachment, meetingId: view.attachment.meetingId })] : [];
        const activity = { type: 'message', summary: summaryLine(card), attachments: [CardFactory.adaptiveCard(card), ...file] };
        try {
          if (replaceMessageId) {
            await ctx.updateActivity({ ...activity, id: replaceMessageId });
            id = replaceMessageId;
          } else {
            id = (await ctx.sendActivity(activity))?.id;
          }
        } catch (e) {
          failure = e;
        }
      });
      if (failure) throw failure;
      return id;
    } catch (e) {
      const err = e as { statusCode?: number; response?: { status?: number; headers?: { get?(n: string): string | null } }; message?: string };
      const status = err.statusCode ?? err.response?.status;
      if (status === 403 || status === 404) {
        const nowUtc = this.clock.now().toISOString();
        await this.store.transaction((tx) => tx.markUnreachable(key, nowUtc));
        throw new PermanentSendError(`teams ${status}: ${err.message ?? ''}`.slice(0, 200), 'not-member');
      }
      if (status === 429) throw retryLaterError('teams 429', err.response?.headers?.get?.('retry-after'));
      throw new RetryableSendError(`teams ${status ?? 'error'}: ${err.message ?? ''}`.slice(0, 200));
    }
  }
}
