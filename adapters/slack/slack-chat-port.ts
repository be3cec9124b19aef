import { ErrorCode, type WebClient } from '@slack/web-api';
import { type ChatPort, type DeliveryFailure, PermanentSendError, RetryableSendError, SendAbandonedError, type SendCheckpoint } from '../../src/core/ports/chat-port';
import type { View } from '../../src/core/model/view';
import { fileMessageBlocks, POST_OPTIONS, type SlackMessage, toMessages } from './from-core';
import { uploadToSlack } from './file-upload';
import { retryLaterError } from '../../src/http/rate-limit';
import { homeToSlackView } from './home';

/** Slack errors that will never go away by retrying (the outbox stops and tells the coordinator), by cause. */
const PERMANENT: Record<string, DeliveryFailure> = {
  channel_not_found: 'not-member', not_in_channel: 'not-member', is_archived: 'not-member',
  account_inactive: 'account', user_not_found: 'account', users_not_found: 'account', cannot_dm_bot: 'account', user_disabled: 'account',
  invalid_auth: 'credentials', token_revoked: 'credentials', not_authed: 'credentials',
  restricted_action: 'other', message_not_found: 'other', cant_update_message: 'other', missing_scope: 'other',
};

/** Map a Slack Web API failure to the core's send errors. */
export function toSendError(e: unknown): Error {
  const err = e as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  if (err.code === ErrorCode.RateLimitedError) return retryLaterError('ratelimited', err.retryAfter);
  const slackError = err.data?.error;
  const permanent = slackError ? PERMANENT[slackError] : undefined;
  if (err.code === ErrorCode.PlatformError && slackError && permanent) return new PermanentSendError(slackError, permanent);
  return new RetryableSendError(slackError ?? err.message ?? 'slack error');
}

const META_TYPE = 'slt_outbox';

/** "<channel>:file:<file id>": a message that shared a file (Slack does not say its ts when the upload completes). */
const fileShareId = (channel: string, fileId: string) => `${channel}:file:${fileId}`;
const isFileShare = (id: string) => id.includes(':file:');

/** "<channel>:<ts>[,<ts>…]": the channel and the ts of every part of a post (the parts after the first are replies in its thread). */
const messageId = (channel: string, parts: readonly string[]) => `${channel}:${parts.join(',')}`;
function parseMessageId(id: string): { channel: string; parts: string[] } {
  const i = id.indexOf(':');
  return { channel: id.slice(0, i), parts: id.slice(i + 1).split(',').filter(Boolean) };
}

/**
 * Channel posts and DMs through the Web API. A view longer than one message (50 blocks) is posted in
 * parts; the message id returned (and stored by the outbox) names every part, so a later edit updates
 * each one, posts the parts the new version gained and deletes those it lost: the channel shows exactly
 * the current version. Each post carries its outbox key as message metadata, so a send interrupted by
 * a crash can be looked up instead of posted twice.
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

  async send(target: { kind: 'channel' | 'dm'; id: string }, view: View, replaceMessageId?: string, idempotencyKey?: string, checkpoint?: SendCheckpoint): Promise<string> {
    try {
      // a person's home view is published to their App Home (the same view replaces the earlier one)
      if (view.kind === 'home') {
        await this.client.views.publish({ user_id: target.id, view: homeToSlackView(view) });
        return `home:${target.id}`;
      }
      const [first, ...rest] = toMessages(view);
      if (replaceMessageId && isFileShare(replaceMessageId)) throw new PermanentSendError('a shared file cannot be edited', 'other');
      if (replaceMessageId) return await this.edit(replaceMessageId, [first!, ...rest]);
      const channel = await this.channelOf(target);
      if (view.attachment) return await this.sendFile(channel, view, checkpoint);
      const metadata = idempotencyKey ? { metadata: { event_type: META_TYPE, event_payload: { key: idempotencyKey } } } : {};
      const res = await this.client.chat.postMessage({ channel, text: first!.text, blocks: first!.blocks, ...POST_OPTIONS, ...metadata });
      const posted = res.channel ?? channel;
      const parts = [res.ts!];
      for (const more of rest) parts.push((await this.client.chat.postMessage({ channel: posted, text: more.text, blocks: more.blocks, thread_ts: res.ts!, ...POST_OPTIONS })).ts!);
      return messageId(posted, parts);
    } catch (e) {
      throw e instanceof PermanentSendError || e instanceof RetryableSendError || e instanceof SendAbandonedError ? e : toSendError(e);
    }
  }

  /**
   * A view with a file (an invitation's .ics) as one message that shares the file, in files.uploadV2's
   * three steps: getUploadURLExternal, the bytes to the upload URL, completeUploadExternal into the
   * channel. Nothing is visible before the last step (Slack discards an upload that is never completed),
   * and the file's id is recorded (checkpoint) before it, so a crash anywhere is recognised afterwards:
   * before the record, the send simply starts again; after it, findSent looks for that file in the channel.
   */
  private async sendFile(channel: string, view: View, checkpoint?: SendCheckpoint): Promise<string> {
    const file = view.attachment!;
    const fileId = await uploadToSlack(this.client, file.filename, Buffer.from(file.content, 'utf8'));
    await checkpoint?.(JSON.stringify({ file: fileId, channel }));
    await this.client.files.completeUploadExternal({ files: [{ id: fileId, title: file.filename }], channel_id: channel, blocks: fileMessageBlocks(view) });
    return fileShareId(channel, fileId);
  }

  /** Edit a post part by part: update the parts both versions have, post the new ones in the thread, delete the rest. */
  private async edit(replaceMessageId: string, messages: SlackMessage[]): Promise<string> {
    const { channel, parts } = parseMessageId(replaceMessageId);
    const kept: string[] = [];
    for (const [i, m] of messages.entries()) {
      const ts = parts[i];
      if (ts) await this.client.chat.update({ channel, ts, text: m.text, blocks: m.blocks });
      kept.push(ts ?? (await this.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks, thread_ts: parts[0]!, ...POST_OPTIONS })).ts!);
    }
    for (const ts of parts.slice(messages.length)) await this.client.chat.delete({ channel, ts });
    return messageId(channel, kept);
  }

  /**
   * Pin a post (its first part) and unpin the one it takes the place of (pins.add / pins.remove, scope
   * pins:write). A pin already there, or one already gone, is fine; anything else is thrown for the log.
   */
  async pin(_target: { kind: 'channel' | 'dm'; id: string }, messageId: string, replacing?: string): Promise<void> {
    const first = (id: string) => {
      const { channel, parts } = parseMessageId(id);
      return { channel, timestamp: parts[0]! };
    };
    const unless = (harmless: string) => (e: unknown) => {
      if ((e as { data?: { error?: string } }).data?.error !== harmless) throw e;
    };
    await this.client.pins.add(first(messageId)).catch(unless('already_pinned'));
    if (replacing && replacing !== messageId) await this.client.pins.remove(first(replacing)).catch(unless('no_pin'));
  }

  /**
   * Look for a recent message of ours that carries this outbox key (after a crash mid-send), or, for a
   * file whose upload was recorded (`note`), the message that shared that file.
   */
  async findSent(target: { kind: 'channel' | 'dm'; id: string }, idempotencyKey: string, note?: string): Promise<string | undefined> {
    const channel = await this.channelOf(target);
    const res = await this.client.conversations.history({ channel, limit: 100, include_all_metadata: true });
    const file = note ? (JSON.parse(note) as { file?: string }).file : undefined;
    if (file) {
      const shared = res.messages?.some((m) => (m as { files?: { id?: string }[] }).files?.some((f) => f.id === file));
      return shared ? fileShareId(channel, file) : undefined;
    }
    const hit = res.messages?.find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: string } } }).metadata;
      return meta?.event_type === META_TYPE && meta.event_payload?.key === idempotencyKey;
    });
    return hit?.ts ? messageId(channel, [hit.ts]) : undefined;
  }
}
