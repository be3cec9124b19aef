import type { Activity, ConversationReference } from 'botbuilder';
import { TurnContext } from 'botbuilder';

/** A channel thread's conversation id carries ";messageid=…": the channel itself is the part before it. */
export const channelOf = (conversationId: string): string => conversationId.split(';')[0]!;

export const isPersonal = (a: Partial<Activity>): boolean => a.conversation?.conversationType === 'personal';

/**
 * The command text of a message: the @SLT mention removed (with or without a leading /slt, the grammar
 * takes both), and a mention of a person written as `@«Their Name»`, the way the core takes a member by
 * name (`deputy @«Vera Vara»`). A message with a mention comes as HTML: tags are dropped and entities
 * decoded once, so "&lt;b&gt;" is the text "<b>" the person wrote (every renderer escapes it again for its platform).
 */
export function commandText(a: Partial<Activity>): string {
  const withoutMention = TurnContext.removeRecipientMention(a as Activity) ?? a.text ?? '';
  return personMentions(a, withoutMention)
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

/** Each mention of someone other than the bot (a mention entity's `<at>…</at>`) as `@«Full Name»`. */
function personMentions(a: Partial<Activity>, text: string): string {
  let out = text;
  for (const e of a.entities ?? []) {
    const mentioned = (e as { mentioned?: { id?: string; name?: string } }).mentioned;
    const shown = (e as { text?: string }).text;
    if (e.type !== 'mention' || !mentioned?.name || !shown || mentioned.id === a.recipient?.id) continue;
    out = out.split(shown).join(` @«${mentioned.name.replace(/[«»<>]/g, '')}» `);
  }
  return out;
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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML entities decoded in one pass (so "&amp;lt;" stays the text "&lt;"). */
const decodeEntities = (s: string): string => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
  if (e[0] === '#') {
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  return ENTITIES[e.toLowerCase()] ?? whole;
});

/**
 * A Teams message body (HTML) as plain text for the core: paragraphs and line breaks kept, `<at>Name</at>`
 * as @Name, links as "label (url)", every other tag dropped, entities decoded last.
 */
export function plainTextOfHtml(html: string): string {
  const text = html
    .replace(/<at\b[^>]*>([\s\S]*?)<\/at>/gi, '@$1')
    .replace(/<a\b[^>]*\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
      const shown = label.replace(/<[^>]+>/g, '');
      return shown === href ? href : `${shown} (${href})`;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text).replace(/[ \t\u00a0]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
