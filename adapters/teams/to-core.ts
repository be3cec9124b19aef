import type { Activity, ConversationReference } from 'botbuilder';
import { TurnContext } from 'botbuilder';

/** A channel thread's conversation id carries ";messageid=…": the channel itself is the part before it. */
export const channelOf = (conversationId: string): string => conversationId.split(';')[0]!;

export const isPersonal = (a: Partial<Activity>): boolean => a.conversation?.conversationType === 'personal';

/**
 * The command text of a message: the @SLT mention removed (with or without a leading /slt, the grammar
 * takes both). A message with a mention comes as HTML: tags are dropped and entities decoded once, so
 * "&lt;b&gt;" is the text "<b>" the person wrote (every renderer escapes it again for its platform).
 */
export function commandText(a: Partial<Activity>): string {
  const withoutMention = TurnContext.removeRecipientMention(a as Activity) ?? a.text ?? '';
  return withoutMention
    .replace(/<at>[^<]*<\/at>/gi, '')
    .replace(/<[^<>]*>/g, ' ') // [^<>]: linear even for a text of a million "<"s
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&(?:#39|apos);/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where the bot can reach a conversation later (proactive messages): one key per channel and per person. */
export function referenceKey(a: Partial<Activity>): string | undefined {
  if (isPersonal(a)) return a.from?.aadObjectId ? `teams:user:${a.from.aadObjectId.toLowerCase()}` : undefined;
  return a.conversation?.id ? `teams:channel:${channelOf(a.conversation.id)}` : undefined;
}

/**
 * The reference the bot keeps for a conversation. A channel's is the channel itself: without the
 * ";messageid=…" of the thread the activity came from and without its activity id, so a proactive post
 * (reminder, agenda) starts a new post in the channel instead of landing in that thread.
 */
export function storedReference(key: string, ref: Partial<ConversationReference>): Partial<ConversationReference> {
  const { activityId: _activity, ...rest } = ref;
  if (!key.startsWith('teams:channel:') || !rest.conversation) return rest;
  return { ...rest, conversation: { ...rest.conversation, id: channelOf(rest.conversation.id) } };
}
