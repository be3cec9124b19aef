import type { Forum, Member, Municipality, Platform } from './municipality';
import { forumCode } from './municipality';
import type { ChannelBinding, IdentityLink } from './records';

export type ForumRoleName = 'coordinator' | 'convener' | 'member' | 'deputy' | 'observer' | 'stranger';

/** Who decides about a forum's items. */
export const CONVENER_ROLES: readonly ForumRoleName[] = ['coordinator', 'convener'];
/** Who may submit items to a forum. */
export const SUBMITTER_ROLES: readonly ForumRoleName[] = ['coordinator', 'convener', 'member', 'deputy'];
/** Who reads a forum's agenda and minutes. */
export const READER_ROLES: readonly ForumRoleName[] = [...SUBMITTER_ROLES, 'observer'];

export interface Actor {
  municipality: Municipality;
  member: Member;
}

export interface ForumRef {
  municipality: Municipality;
  forum: Forum;
}

/** Where a channel's forum comes from: the configuration, or a `/slt bind` (who and when). */
export interface ChannelOwner {
  ref: ForumRef;
  source: 'configuration' | 'binding';
  boundBy?: string;
  at?: string;
}

const PLATFORMS: readonly Platform[] = ['slack', 'teams', 'console'];
const sameForum = (a: ForumRef, b: ForumRef) => a.municipality.id === b.municipality.id && a.forum.id === b.forum.id;

/**
 * Who is who, from the configuration (and channel bindings made with `/slt bind`).
 * Rights are derived here and nowhere else: never from what a request claims.
 *
 * Channels: a forum talks in at most one channel per platform. A binding replaces the forum's
 * configured channel on that platform; a channel belongs to one forum. A binding can never take a
 * channel that the configuration gives to another municipality's forum (such a binding, stored by an
 * older version, is ignored and listed in `ignoredBindings`).
 */
export class Directory {
  /** platform:id → member, from the configuration */
  private readonly configuredIdentity = new Map<string, Actor>();
  /** the configured identities and the stored links (configuration wins) */
  private byIdentity = new Map<string, Actor>();
  /** bumped by every bind and link: a reload read before a change made here is not applied over it */
  private changes = 0;
  /** platform:channel → forum, from the configuration */
  private readonly configured = new Map<string, ForumRef>();
  /** platform:channel → forum, from `/slt bind` */
  private readonly bound = new Map<string, ChannelOwner>();
  /** stored bindings that cannot apply: their forum is gone from the configuration, or they took another municipality's channel */
  readonly ignoredBindings: { binding: ChannelBinding; reason: 'unknown forum' | "another municipality's channel" }[] = [];

  constructor(readonly municipalities: readonly Municipality[], bindings: readonly ChannelBinding[] = [], links: readonly IdentityLink[] = []) {
    for (const m of municipalities) {
      for (const member of m.members) {
        for (const [platform, id] of Object.entries(member.identities)) {
          if (id) this.configuredIdentity.set(`${platform}:${platform === 'teams' ? id.toLowerCase() : id}`, { municipality: m, member });
        }
      }
      for (const forum of m.forums) {
        for (const [platform, ch] of Object.entries(forum.channels)) if (ch) this.configured.set(`${platform}:${ch}`, { municipality: m, forum });
      }
    }
    this.apply(bindings, links);
  }

  private apply(bindings: readonly ChannelBinding[], links: readonly IdentityLink[]): void {
    this.bound.clear();
    this.ignoredBindings.length = 0;
    this.byIdentity = new Map(this.configuredIdentity);
    for (const b of bindings) {
      if (this.bind(b)) continue;
      this.ignoredBindings.push({ binding: b, reason: this.forumById(b.municipalityId, b.forumId) ? "another municipality's channel" : 'unknown forum' });
    }
    for (const l of links) this.link(l);
  }

  /** Where the directory stands: give it to `reload` with what was read from the store after it. */
  get revision(): number {
    return this.changes;
  }

  /**
   * The bindings and identity links as stored now, made by any instance of the bot sharing the
   * database: they replace those known here. Not applied (false) when a bind or link was made here
   * after `revision` was taken: the list may have been read before it (the next reload brings both).
   */
  reload(revision: number, bindings: readonly ChannelBinding[], links: readonly IdentityLink[]): boolean {
    if (revision !== this.changes) return false;
    this.apply(bindings, links);
    return true;
  }

  /** Accept a platform account as a configured member (configuration still wins on conflicts). */
  link(l: IdentityLink): void {
    const m = this.municipalities.find((x) => x.id === l.municipalityId);
    const member = m && this.member(m, l.memberId);
    const key = `${l.platform}:${l.platform === 'teams' ? l.userId.toLowerCase() : l.userId}`;
    if (m && member && !this.byIdentity.has(key)) this.byIdentity.set(key, { municipality: m, member });
    this.changes++;
  }

  /** Configured members of a platform that have an e-mail address but no account id there yet. */
  unlinkedWithEmail(platform: Platform): Actor[] {
    return this.municipalities.flatMap((m) => m.members
      .filter((p) => p.email && !p.identities[platform]
        && ![...this.byIdentity].some(([key, a]) => key.startsWith(`${platform}:`) && a.member === p))
      .map((member) => ({ municipality: m, member })));
  }

  /**
   * Apply a binding: the channel now belongs to the forum, which leaves its earlier channel on that
   * platform. False (and nothing changed) for an unknown forum or a channel the configuration gives to
   * another municipality. The bind command checks more (rights, --move) before it gets here.
   */
  bind(b: ChannelBinding): boolean {
    const ref = this.forumById(b.municipalityId, b.forumId);
    const key = `${b.platform}:${b.channelId}`;
    const configuredFor = this.configured.get(key);
    if (!ref || (configuredFor && configuredFor.municipality.id !== ref.municipality.id)) return false;
    for (const [k, owner] of this.bound) if (k.startsWith(`${b.platform}:`) && sameForum(owner.ref, ref)) this.bound.delete(k);
    this.bound.set(key, { ref, source: 'binding', ...(b.boundBy ? { boundBy: b.boundBy } : {}), ...(b.at ? { at: b.at } : {}) });
    this.changes++;
    return true;
  }

  /** The forum a channel belongs to now and why (a binding wins over the configuration). */
  ownerOfChannel(platform: Platform, channelId: string | undefined): ChannelOwner | undefined {
    if (!channelId) return undefined;
    const key = `${platform}:${channelId}`;
    const bound = this.bound.get(key);
    if (bound) return bound;
    const ref = this.configured.get(key);
    // a forum bound to another channel on this platform has left its configured one
    return ref && !this.boundChannelOf(ref, platform) ? { ref, source: 'configuration' } : undefined;
  }

  /** The forum the configuration gives a channel to (whatever bindings say since). */
  configuredForumOf(platform: Platform, channelId: string): ForumRef | undefined {
    return this.configured.get(`${platform}:${channelId}`);
  }

  private boundChannelOf(ref: ForumRef, platform: Platform): string | undefined {
    for (const [key, owner] of this.bound) if (key.startsWith(`${platform}:`) && sameForum(owner.ref, ref)) return key.slice(platform.length + 1);
    return undefined;
  }

  /** The one channel where a forum talks on a platform: its binding, else its configured channel (unless another forum took it). */
  channelOf(ref: ForumRef, platform: Platform): string | undefined {
    const bound = this.boundChannelOf(ref, platform);
    if (bound) return bound;
    const configured = ref.forum.channels[platform];
    return configured && !this.bound.has(`${platform}:${configured}`) ? configured : undefined;
  }

  /** Every (platform, channel) where a forum talks: at most one per platform. */
  channelsOf(ref: ForumRef): { platform: Platform; channelId: string }[] {
    return PLATFORMS.flatMap((platform) => {
      const channelId = this.channelOf(ref, platform);
      return channelId ? [{ platform, channelId }] : [];
    });
  }

  actor(platform: Platform, userId: string): Actor | undefined {
    return this.byIdentity.get(`${platform}:${platform === 'teams' ? userId.toLowerCase() : userId}`);
  }

  /** the member with this id in a municipality */
  member(m: Municipality, id: string): Member | undefined {
    return m.members.find((x) => x.id === id);
  }

  forumOfChannel(platform: Platform, channelId: string | undefined): ForumRef | undefined {
    return this.ownerOfChannel(platform, channelId)?.ref;
  }

  forumById(municipalityId: string, forumId: string): ForumRef | undefined {
    const m = this.municipalities.find((x) => x.id === municipalityId);
    const forum = m?.forums.find((f) => f.id === forumId);
    return m && forum ? { municipality: m, forum } : undefined;
  }

  /**
   * Find a forum by id or code ("tut", "TUT", "loten/tut"). Within the actor's municipality
   * first; otherwise across all. Returns the matches (0, 1 or several).
   */
  findForums(name: string, within?: Municipality): ForumRef[] {
    const [mPart, fPart] = name.includes('/') ? (name.toLowerCase().split('/', 2) as [string, string]) : [undefined, name.toLowerCase()];
    const matches = (m: Municipality) => m.forums
      .filter((f) => f.id === fPart || forumCode(f).toLowerCase() === fPart)
      .map((forum) => ({ municipality: m, forum }));
    if (mPart) return this.municipalities.filter((m) => m.id === mPart).flatMap(matches);
    if (within) {
      const own = matches(within);
      if (own.length) return own;
    }
    return this.municipalities.flatMap(matches);
  }

  /** The member ids who convene a forum (a named member, or the forum members with the convener's role). */
  conveners(m: Municipality, f: Forum): string[] {
    const c = f.convener;
    if (!c) return [m.coordinator];
    if ('member' in c) return [c.member];
    const role = c.role.toLowerCase();
    return f.members.map((x) => x.member).filter((id) => this.member(m, id)?.role.toLowerCase() === role);
  }

  /** Who decides about a forum's items: the coordinator and the forum's conveners. */
  deciders(ref: ForumRef): string[] {
    return [...new Set([ref.municipality.coordinator, ...this.conveners(ref.municipality, ref.forum)])];
  }

  /** A member's strongest role in a forum. The coordinator takes part in every forum of the municipality. */
  roleIn(ref: ForumRef, memberId: string | undefined): ForumRoleName {
    if (!memberId) return 'stranger';
    if (ref.municipality.coordinator === memberId) return 'coordinator';
    if (this.conveners(ref.municipality, ref.forum).includes(memberId)) return 'convener';
    const ms = ref.forum.members.find((x) => x.member === memberId);
    return ms ? ms.role : 'stranger';
  }

  /** Display name of a member id ("Kari Nordmann (SLT-koordinator)"), or the id when unknown. */
  displayName(m: Municipality, id: string): string {
    const p = this.member(m, id);
    return p ? `${p.name} (${p.role})` : id;
  }

  /** Everyone who should hear about a forum: its members, the conveners and the coordinator. */
  forumPeople(ref: ForumRef): string[] {
    return [...new Set([ref.municipality.coordinator, ...this.conveners(ref.municipality, ref.forum), ...ref.forum.members.map((x) => x.member)])];
  }

  /** The stranger must be told who to contact: the coordinator of the forum's municipality. */
  coordinatorName(m: Municipality): string {
    return this.member(m, m.coordinator)?.name ?? m.coordinator;
  }
}
