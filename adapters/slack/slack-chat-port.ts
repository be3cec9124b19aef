import { ErrorCode, type WebClient } from '@slack/web-api';
import { type ChatPort, type DeliveryFailure, PermanentSendError, RetryableSendError } from '../../src/core/chat-port';
import type { View } from '../../src/core/views';
import { toMessages } from './from-core';

/** Slack errors that will never go away by retrying (the outbox stops and tells the coordinator), by cause. */
const PERMANENT: Record<string, DeliveryFailure> = {
  channel_not_found: 'not-member', not_in_channel: 'not-member', is_archived: 'not-member',
  account_inactive: 'account', user_not_found: 'account', users_not_found: 'account', cannot_dm_bot: 'account', user_disabled: 'account',
  invalid_auth: 'credentials', token_revoked: 'credentials', not_authed: 'credentials',
  restricted_action: 'other', message_not_found: 'other', cant_update_message: 'other',
};

/** Map a Slack Web API failure to the core's send errors. */
export function toSendError(e: unknown): Error {
  const err = e as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  if (err.code === ErrorCode.RateLimitedError) return new RetryableSendError('ratelimited', err.retryAfter);
  const slackError = err.data?.error;
  const permanent = slackError ? PERMANENT[slackError] : undefined;
  if (err.code === ErrorCode.PlatformError && slackError && permanent) return new PermanentSendError(slackError, permanent);
  return new RetryableSendError(slackError ?? err.message ?? 'slack error');
}

const META_TYPE = 'slt_outbox';

/**
 * Channel posts and DMs through the Web API. The message id returned (and stored by the outbox) is
 * "<channel>:<ts>", so a later edit can chat.update it. Each post carries its outbox key as message
 * metadata, so a send interrupted by a crash can be looked up instead of posted twice.
 */
export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;
  /** Slack allows about one message per second per channel */
  readonly minIntervalMs = 1100;
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly client: WebClient) {}

  private async channelOf(target: { kind: 'channel' | 'dm'; id: string }): Promise<string> {
    if (target.kind === 'channel') return target.id;
    const known = this.dmChannels.get(target.id);
    if (known) return known;
    const res = await this.client.conversations.open({ users: target.id });
    const id = res.channel?.id;
    if (!id) throw new RetryableSendError('conversations.open returned no channel');
    this.dmChannels.set(target.id, id);
    return id;
  }

  async send(target: { kind: 'channel' | 'dm'; id: string }, view: View, replaceMessageId?: string, idempotencyKey?: string): Promise<string> {
    try {
      const [first, ...rest] = toMessages(view);
      if (replaceMessageId) {
        const [channel, ts] = replaceMessageId.split(':') as [string, string];
        await this.client.chat.update({ channel, ts, text: first!.text, blocks: first!.blocks });
        return replaceMessageId;
      }
      const channel = await this.channelOf(target);
      const metadata = idempotencyKey ? { metadata: { event_type: META_TYPE, event_payload: { key: idempotencyKey } } } : {};
      const res = await this.client.chat.postMessage({ channel, text: first!.text, blocks: first!.blocks, ...metadata });
      for (const more of rest) await this.client.chat.postMessage({ channel, text: more.text, blocks: more.blocks, thread_ts: res.ts! });
      return `${res.channel ?? channel}:${res.ts}`;
    } catch (e) {
      throw e instanceof PermanentSendError || e instanceof RetryableSendError ? e : toSendError(e);
    }
  }

  /** Look for a recent message of ours that carries this outbox key (after a crash mid-send). */
  async findSent(target: { kind: 'channel' | 'dm'; id: string }, idempotencyKey: string): Promise<string | undefined> {
    const channel = await this.channelOf(target);
    const res = await this.client.conversations.history({ channel, limit: 100, include_all_metadata: true });
    const hit = res.messages?.find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: string } } }).metadata;
      return meta?.event_type === META_TYPE && meta.event_payload?.key === idempotencyKey;
    });
    return hit?.ts ? `${channel}:${hit.ts}` : undefined;
  }
}
