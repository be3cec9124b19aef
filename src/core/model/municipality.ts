import { z } from 'zod';
import { Cadence, DatedMeeting } from './cadence';
import { Language, LocalDate, LocalTime, Slug, TimeZone } from './primitives';

/** A person's accounts on each platform. Rights always come from this mapping. */
export const Identities = z.object({
  slack: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user id such as "U0123ABCD"').optional(),
  teams: z.string().min(1, 'expected an Azure AD object id or UPN').optional(),
  console: z.string().regex(/^[a-z0-9._-]+$/, 'expected a console handle of lowercase letters, digits, dot, dash').optional(),
}).strict();
export type Identities = z.infer<typeof Identities>;
export type Platform = keyof Identities;
export const PLATFORMS: readonly Platform[] = ['slack', 'teams', 'console'];

export const Member = z.object({
  id: Slug,
  /** invented demo names only: never a real person's name in this repository */
  name: z.string().min(1),
  /** job title, e.g. "Rektor", "SLT-koordinator" */
  role: z.string().min(1),
  agency: z.string().min(1),
  email: z.email('expected an e-mail address').optional(),
  identities: Identities.default({}),
}).strict();
export type Member = z.infer<typeof Member>;

export const FORUM_ROLES = ['member', 'deputy', 'observer'] as const;
export const ForumRole = z.enum(FORUM_ROLES);
export type ForumRole = z.infer<typeof ForumRole>;

/** `- kari` or `- { member: kari, role: deputy }` */
export const Membership = z.union([
  Slug.transform((member) => ({ member, role: 'member' as ForumRole })),
  z.object({ member: Slug, role: ForumRole.default('member') }).strict(),
]);
export type Membership = z.output<typeof Membership>;

/** A member id, or `{ role: "Rektor" }`: whoever among the forum's members has that job title. */
export const Convener = z.union([
  Slug.transform((member) => ({ member })),
  z.object({ member: Slug }).strict(),
  z.object({ role: z.string().min(1) }).strict(),
]);
export type Convener = z.output<typeof Convener>;

export const HOLIDAY_POLICIES = ['skip', 'move-next', 'move-previous', 'keep'] as const;

/** When the scheduler speaks for a forum; every field has a default. */
export const Notifications = z.object({
  /** invitations go out when a meeting is this many days ahead (the planning horizon) */
  inviteDaysBefore: z.number().int().min(0).max(365).default(42),
  /** channel reminders this many days before the referral deadline's date (0 = the deadline's morning) */
  deadlineReminderDays: z.array(z.number().int().min(0).max(60)).default([3, 0]),
  /** local time of day of the deadline reminders */
  reminderTime: LocalTime.default('08:00'),
  /** local time of the reminder on the meeting's day; null: none */
  meetingReminderTime: LocalTime.nullable().default('08:00'),
  /** the convener is asked for the summary this long after the meeting ends */
  summaryPromptMinutesAfter: z.number().int().min(0).max(7 * 24 * 60).default(60),
  /** reminders to action owners this many days before the due date */
  actionReminderDays: z.number().int().min(0).max(60).default(2),
}).strict();
export type Notifications = z.output<typeof Notifications>;

export const QuietHours = z.object({
  from: LocalTime.default('20:00'),
  to: LocalTime.default('07:00'),
  weekends: z.boolean().default(true),
}).strict();
export type QuietHours = z.output<typeof QuietHours>;

export const Forum = z.object({
  id: Slug,
  /** short upper-case code used in item references such as TUT-2027-014; default: the id */
  code: z.string().regex(/^[A-ZÆØÅ0-9]{2,12}$/, 'expected 2-12 capital letters or digits, e.g. "TUT"').optional(),
  name: z.string().min(1),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'expected level 1 (steering), 2 (coordinating) or 3 (executing)' }),
  description: z.string().optional(),
  /** default: the municipality's coordinator */
  convener: Convener.optional(),
  members: z.array(Membership).default([]),
  /** where the forum talks: Slack channel id, Teams conversation id, console channel name */
  channels: z.object({
    slack: z.string().min(1).optional(),
    teams: z.string().min(1).optional(),
    console: z.string().min(1).optional(),
  }).strict().default({}),
  cadence: Cadence,
  time: LocalTime,
  durationMinutes: z.number().int().positive().max(24 * 60).default(90),
  place: z.string().optional(),
  extraMeetings: z.array(DatedMeeting).default([]),
  cancelledDates: z.array(LocalDate).default([]),
  /** days before the meeting items must be in; null: no deadline (people make contact beforehand; items count until the meeting starts) */
  referralDeadlineDays: z.number().int().min(0).max(90).nullable().default(7),
  /** local time of day of the referral deadline; default: the meeting's own start time */
  deadlineTime: LocalTime.optional(),
  standingItems: z.array(z.string().min(1)).default([]),
  targetGroup: z.object({
    minAge: z.number().int().min(0).max(30).optional(),
    maxAge: z.number().int().min(0).max(30).optional(),
    description: z.string().optional(),
  }).strict().optional(),
  allowsCases: z.boolean().default(false),
  holidayPolicy: z.enum(HOLIDAY_POLICIES).default('skip'),
  notifications: Notifications.default(Notifications.parse({})),
  /** whether ordinary members may add minutes notes (used by the minutes feature) */
  membersMayAddNotes: z.boolean().default(false),
  /** four-eyes rule: a decider may not approve an item they submitted themselves */
  requireSecondDecider: z.boolean().default(false),
  /** the standing item under which items raised from other forums are listed (one of standingItems) */
  raisedItemsUnder: z.string().min(1).optional(),
  /** the municipality's consent form (samtykkeskjema), shown to whoever submits a case */
  consentFormUrl: z.url({ protocol: /^https?$/, error: 'expected a web address starting with https:// or http://' }).optional(),
}).strict();
export type Forum = z.output<typeof Forum>;

export const SchoolHoliday = z.object({
  name: z.string().min(1),
  from: LocalDate,
  to: LocalDate,
}).strict();

/**
 * Outlook events for the meetings (optional): `provider: graph` creates each meeting as an event in the
 * organiser's calendar through Microsoft Graph, with the forum's people who have an e-mail address as
 * attendees. `organizer`: the mailbox (UPN) the events live in, e.g. a shared SLT mailbox, or `convener`
 * for each forum's convener's own calendar (they need an e-mail address). `onlineMeeting`: a Teams link.
 */
const ORGANIZER_EXPECTED = 'expected the organiser mailbox\'s address (UPN), e.g. slt@kommune.no, or "convener"';
export const CalendarSettings = z.object({
  provider: z.literal('graph', { error: 'expected "graph" (Outlook events through Microsoft Graph)' }),
  organizer: z.union([z.literal('convener'), z.email({ error: ORGANIZER_EXPECTED })], { error: ORGANIZER_EXPECTED }),
  onlineMeeting: z.boolean().default(false),
}).strict();
export type CalendarSettings = z.output<typeof CalendarSettings>;

export const Municipality = z.object({
  id: Slug,
  name: z.string().min(1),
  timeZone: TimeZone.default('Europe/Oslo'),
  language: Language.default('nb'),
  /** member id of the SLT coordinator */
  coordinator: Slug,
  members: z.array(Member).nonempty(),
  forums: z.array(Forum).nonempty(),
  /** no channel posts or DMs in these local hours (and on weekends): they wait for the next allowed time */
  quietHours: QuietHours.default(QuietHours.parse({})),
  /** how long data is kept: case titles, descriptions and consent are erased this long after the meeting */
  retention: z.object({
    caseDetailsMonths: z.number().int().min(1).max(120).default(12),
  }).strict().default({ caseDetailsMonths: 12 }),
  /** school holiday periods (inclusive); meetings on them follow each forum's holiday policy */
  schoolHolidays: z.array(SchoolHoliday).default([]),
  /** Outlook events through Microsoft Graph (optional) */
  calendar: CalendarSettings.optional(),
}).strict().superRefine((m, ctx) => {
  const memberIds = new Set<string>();
  m.members.forEach((mem, i) => {
    if (memberIds.has(mem.id)) ctx.addIssue({ code: 'custom', path: ['members', i, 'id'], message: `duplicate member id "${mem.id}"` });
    memberIds.add(mem.id);
  });
  const needMember = (id: string, path: (string | number)[]) => {
    if (!memberIds.has(id)) ctx.addIssue({ code: 'custom', path, message: `member "${id}" is referenced but not defined under members` });
  };
  needMember(m.coordinator, ['coordinator']);
  const forumIds = new Set<string>();
  const codes = new Set<string>();
  m.forums.forEach((f, i) => {
    if (forumIds.has(f.id)) ctx.addIssue({ code: 'custom', path: ['forums', i, 'id'], message: `duplicate forum id "${f.id}"` });
    forumIds.add(f.id);
    const code = forumCode(f);
    if (codes.has(code)) ctx.addIssue({ code: 'custom', path: ['forums', i, 'code'], message: `duplicate forum code "${code}"` });
    codes.add(code);
    f.members.forEach((ms, j) => needMember(ms.member, ['forums', i, 'members', j, 'member']));
    if (f.convener && 'member' in f.convener) needMember(f.convener.member, ['forums', i, 'convener']);
    if (f.convener && 'role' in f.convener) {
      const role = f.convener.role.toLowerCase();
      const found = f.members.some((ms) => m.members.find((x) => x.id === ms.member)?.role.toLowerCase() === role);
      if (!found) ctx.addIssue({ code: 'custom', path: ['forums', i, 'convener', 'role'], message: `no member of forum "${f.id}" has the role "${f.convener.role}"` });
    }
    if (f.raisedItemsUnder && !f.standingItems.includes(f.raisedItemsUnder)) {
      ctx.addIssue({ code: 'custom', path: ['forums', i, 'raisedItemsUnder'], message: `must be one of the forum's standingItems (${f.standingItems.map((x) => `"${x}"`).join(', ') || 'none configured'})` });
    }
    if (m.calendar?.organizer === 'convener') {
      const conveners = f.convener && 'role' in f.convener
        ? f.members.map((x) => x.member).filter((id) => m.members.find((p) => p.id === id)?.role.toLowerCase() === (f.convener as { role: string }).role.toLowerCase())
        : [f.convener && 'member' in f.convener ? f.convener.member : m.coordinator];
      if (!conveners.some((id) => m.members.find((p) => p.id === id)?.email)) {
        ctx.addIssue({ code: 'custom', path: ['forums', i, 'convener'], message: `calendar.organizer is "convener", but no convener of forum "${f.id}" has an email` });
      }
    }
    const t = f.targetGroup;
    if (t?.minAge !== undefined && t.maxAge !== undefined && t.minAge > t.maxAge) {
      ctx.addIssue({ code: 'custom', path: ['forums', i, 'targetGroup'], message: 'minAge must not be greater than maxAge' });
    }
  });
  m.schoolHolidays.forEach((h, i) => {
    if (h.from > h.to) ctx.addIssue({ code: 'custom', path: ['schoolHolidays', i], message: '"from" must not be after "to"' });
  });
});
export type Municipality = z.output<typeof Municipality>;
export type MunicipalityInput = z.input<typeof Municipality>;

export const forumCode = (f: Pick<Forum, 'id' | 'code'>): string =>
  f.code ?? f.id.replace(/-/g, '').toUpperCase().slice(0, 12);
