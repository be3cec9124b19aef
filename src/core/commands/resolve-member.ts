import { clip } from '../input/input-limits';
import type { ForumRef } from '../model/directory';
import type { Member } from '../model/municipality';
import { refused } from '../use-cases/user-error';
import { editDistance } from './grammar';
import type { CommandContext } from './types';

/** Lower case without diacritics, so "asmund" finds "Åsmund" and "Ålikning" is found by "alikning". */
const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ø/g, 'o').replace(/æ/g, 'ae').toLowerCase().trim();

/** How many members to suggest when a name finds nobody, or more than one. */
const SUGGESTIONS = 5;

/**
 * A member argument, as people write it: the member's id (`politi-ungdom`, `@politi-ungdom`), their
 * platform identity (a Slack mention `<@U123|name>`, a console handle, a Teams @mention, which the Teams
 * adapter writes as `@«Full Name»`), or an unambiguous part of their name (`Navnesen`, `«Nina N»`).
 * Looked up among the people of the forum's municipality. Nobody, or several: refused with the forum's
 * closest members by name and id.
 */
export function resolveMember(ctx: CommandContext, ref: ForumRef, raw: string): string {
  const m = ref.municipality;
  const slack = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(raw);
  if (slack) {
    const a = ctx.directory.actor('slack', slack[1]!);
    if (a && a.municipality.id === m.id) return a.member.id;
  }
  const written = fold(raw.replace(/^@/, '').replace(/^[«"“]|[»"”]$/g, ''));
  if (!written) throw refused(ctx.msg.unknownMember(clip(raw), suggestions(ctx, ref, '')));
  const exact = m.members.find((x) => fold(x.id) === written || (x.identities.console && fold(x.identities.console) === written) || fold(x.name) === written);
  if (exact) return exact.id;
  const words = written.split(/\s+/);
  const byName = m.members.filter((x) => words.every((w) => fold(x.name).split(/[\s-]+/).some((part) => part.startsWith(w))));
  if (byName.length === 1) return byName[0]!.id;
  if (byName.length > 1) throw refused(ctx.msg.ambiguousMember(clip(raw), list(ctx, ref, byName)));
  throw refused(ctx.msg.unknownMember(clip(raw), suggestions(ctx, ref, written)));
}

/** "Nina Navnesen (politi-ungdom), Per Politi (politi)" */
function list(ctx: CommandContext, ref: ForumRef, members: readonly Member[]): string {
  return members.slice(0, SUGGESTIONS).map((x) => ctx.msg.memberWithId(x.name, x.id)).join(', ');
}

/** The forum's people closest to what was written (by id, console handle, or any part of the name). */
function suggestions(ctx: CommandContext, ref: ForumRef, written: string): string {
  const people = ctx.directory.forumPeople(ref).map((id) => ctx.directory.member(ref.municipality, id)).filter((x): x is Member => Boolean(x));
  const w = written.slice(0, 40);
  const distance = (x: Member) => Math.min(...[x.id, x.identities.console ?? x.id, ...fold(x.name).split(/\s+/)].map((k) => {
    const key = fold(k);
    return key.includes(w) || (w && w.includes(key)) ? 0 : editDistance(w, key.slice(0, 40));
  }));
  return list(ctx, ref, [...people].sort((a, b) => distance(a) - distance(b) || a.name.localeCompare(b.name, 'nb')));
}
