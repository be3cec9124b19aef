import { CONSOLE_SYNTAX } from '../../src/core/model/markup';
import fc from 'fast-check';
import { toMessages } from '../../adapters/slack/from-core';
import { homeToSlackView } from '../../adapters/slack/home';
import { viewToCard } from '../../adapters/teams/from-core';
import type { SqliteApp } from '../../src/app';
import { meetingsToIcs } from '../../src/calendar/ics';
import { calendarEntry } from '../../src/core/views/calendar-entry';
import { Municipality, type MunicipalityInput } from '../../src/core/model/municipality';
import { archiveToMarkdown, buildArchive } from '../../src/core/views/archive';
import { buildStatistics } from '../../src/core/views/statistics';
import { type View, viewToText } from '../../src/core/model/view';
import { FakeClock, testApp } from '../helpers';

/**
 * The visibility rule, checked from the outside: generated forums' people (roles × agencies), consent
 * scopes (agencies, legal basis, expired, none), item kinds and life-cycle paths; every free text
 * carries a marker; every view is rendered as every chosen viewer through the real core commands and
 * scheduler, and then through the console's text, Slack's blocks and top-level text, and Teams' cards.
 * A marker may appear only where the rule below (written here from issue 12, not taken from the code)
 * allows it, and where it allows it, it does appear.
 */

const AGENCIES = ['Politiet', 'Barnevernet', 'Helse', 'Skolen', 'Kommunen'] as const;
type Role = 'coordinator' | 'convener' | 'member' | 'deputy' | 'observer' | 'stranger';
interface Person { id: string; role: Role; agency: string }

const PEOPLE: Person[] = [
  { id: 'koord', role: 'coordinator', agency: 'Kommunen' },
  { id: 'leder', role: 'convener', agency: 'Helse' },
  { id: 'm-pol', role: 'member', agency: 'Politiet' },
  { id: 'm-bv', role: 'member', agency: 'Barnevernet' },
  { id: 'm-hel', role: 'member', agency: 'Helse' },
  { id: 'm-sko', role: 'member', agency: 'Skolen' },
  { id: 'm-kom', role: 'member', agency: 'Kommunen' },
  { id: 'd-pol', role: 'deputy', agency: 'Politiet' },
  { id: 'd-sko', role: 'deputy', agency: 'Skolen' },
  { id: 'o-bv', role: 'observer', agency: 'Barnevernet' },
  { id: 'o-pol', role: 'observer', agency: 'Politiet' },
  { id: 'x-hel', role: 'stranger', agency: 'Helse' },
];
const FORUM_PEOPLE = PEOPLE.filter((p) => p.role !== 'stranger');
const SUBMITTERS = PEOPLE.filter((p) => ['coordinator', 'convener', 'member', 'deputy'].includes(p.role));

function municipality(): Municipality {
  const input: MunicipalityInput = {
    id: 'propby', name: 'Propby kommune', coordinator: 'koord',
    members: PEOPLE.map((p) => ({ id: p.id, name: `Navn ${p.id}`, role: p.role === 'convener' ? 'Teamleder' : 'Rådgiver', agency: p.agency, identities: { console: p.id } })),
    forums: [{
      id: 'team', code: 'TEAM', name: 'Teamet', level: 3, convener: { role: 'Teamleder' }, allowsCases: true,
      members: PEOPLE.filter((p) => ['member', 'deputy', 'observer'].includes(p.role) || p.id === 'leder')
        .map((p) => ({ member: p.id, role: p.role === 'convener' ? 'member' : p.role as 'member' | 'deputy' | 'observer' })),
      channels: { console: 'propby-team' },
      cadence: { kind: 'weekly', every: 2, weekday: 'wednesday', anchor: '2027-01-06', until: '2027-03-01' }, time: '09:00',
      notifications: { inviteDaysBefore: 0, deadlineReminderDays: [], summaryPromptMinutesAfter: 0 },
    }],
    // never quiet: every message is written at once (the rule, not the timing, is under test)
    quietHours: { from: '00:00', to: '00:00', weekends: false },
  } as unknown as MunicipalityInput;
  return Municipality.parse(input);
}

/** One marker per free-text field: unique, letters only (the personal-data guard leaves them alone). */
const MARK = {
  title: 'QxTITLEqx', description: 'QxDESCqx', reason: 'QxREASONqx', question: 'QxQUESTIONqx', answer: 'QxANSWERqx',
  decision: 'QxDECISIONqx', note: 'QxNOTEqx', action: 'QxACTIONqx', covers: 'QxCOVERSqx', purpose: 'QxPURPOSEqx', basis: 'QxBASISqx',
  source: 'QxSOURCEqx',
} as const;
type Field = keyof typeof MARK;
const DETAILS: Field[] = ['covers', 'purpose', 'basis'];

/** What a view can carry at most, whoever looks (issue 12: "a view kind … returns which fields may be shown"). */
const VIEW_SHOWS: Record<string, readonly Field[]> = {
  agenda: ['title', 'action'],
  'item-card': ['title', 'description', 'reason', 'question', 'answer', 'source', ...DETAILS],
  dm: ['title', 'description', 'reason', 'question', 'answer', 'source', ...DETAILS],
  'minutes-draft': ['title', 'decision', 'note', 'action'],
  'channel-summary': ['title', 'decision', 'action'],
  'actions-list': ['action'], 'action-dm': ['action'], 'action-reminder': ['action'],
  'pending-digest': ['title'], 'agenda-mine': ['title'], home: ['title', 'action'],
  'audit-log': [], 'calendar-feed': [], statistics: [], other: [],
  export: Object.keys(MARK) as Field[],
};

type Scope =
  | { kind: 'none' }
  /** `ends`: no end, before the meeting, or between the meeting and the next one (a carried case then lacks consent) */
  | { kind: 'signed'; agencies: string[]; ends: 'never' | 'before' | 'between' }
  | { kind: 'legal'; agencies: string[] };

interface Scenario {
  kind: 'topic' | 'case';
  /** submitted through the form opened from a chat message ("Add to SLT agenda"): the item links back to it */
  fromMessage: boolean;
  submitter: Person;
  scope: Scope;
  asked: boolean;
  answered: boolean;
  outcome: 'none' | 'approve' | 'reject';
  publish: boolean;
  held: boolean;
  /** a decision is recorded for it after the meeting (without one, an approved item is unfinished and carried over) */
  decided: boolean;
  minutesApproved: boolean;
  owner: Person;
  viewers: Person[];
}

const agencies = fc.subarray([...AGENCIES]);
const scenario: fc.Arbitrary<Scenario> = fc.record({
  kind: fc.constantFrom('topic' as const, 'case' as const),
  fromMessage: fc.boolean(),
  submitter: fc.constantFrom(...SUBMITTERS),
  scope: fc.oneof(
    fc.constant<Scope>({ kind: 'none' }),
    fc.record({ kind: fc.constant('signed' as const), agencies: fc.subarray([...AGENCIES], { minLength: 1 }), ends: fc.constantFrom('never' as const, 'before' as const, 'between' as const) }),
    fc.record({ kind: fc.constant('legal' as const), agencies }),
  ),
  asked: fc.boolean(),
  answered: fc.boolean(),
  outcome: fc.constantFrom('none' as const, 'approve' as const, 'approve' as const, 'reject' as const),
  publish: fc.boolean(),
  held: fc.boolean(),
  decided: fc.boolean(),
  minutesApproved: fc.boolean(),
  owner: fc.constantFrom(...PEOPLE),
  viewers: fc.shuffledSubarray(PEOPLE, { minLength: 2, maxLength: 3 }),
});

/** Facts read back from the store after the scenario ran (not rules): the item's state and meeting. */
interface Facts {
  kind: 'topic' | 'case';
  submitter: string;
  /** the case's consent is valid on the meeting's date */
  consentValid: boolean;
  covered: (agency: string) => boolean;
  /** on an agenda the forum has seen: approved/deferred (with valid consent), and published or held */
  public: boolean;
}

/** The rule, as issue 12 states it, for one person. */
function personMay(p: Person, f: Field, x: Facts): boolean {
  if (p.role === 'coordinator' || p.role === 'convener') return true;
  const own = p.id === x.submitter;
  if (own && ['title', 'description', 'reason', 'question', 'answer', 'source', ...DETAILS].includes(f)) return true;
  if ((p.role === 'observer' || p.role === 'stranger') && !x.public) return false;
  if (x.kind === 'topic') return ['title', 'decision', 'note', 'action'].includes(f);
  return x.covered(p.agency) && ['decision', 'note', 'action'].includes(f);
}
type Viewer = Person | 'channel' | 'archive' | 'statistics';
const may = (v: Viewer, f: Field, x: Facts): boolean =>
  v === 'archive' ? true : v === 'statistics' ? false : v === 'channel' ? FORUM_PEOPLE.every((p) => personMay(p, f, x)) : personMay(v, f, x);

/** A view as each platform renders it: the console's text, Slack's messages (top-level text and blocks) or App Home, the Teams card. */
const renderings = (v: View): Record<string, string> => ({
  console: viewToText(v, CONSOLE_SYNTAX),
  slack: JSON.stringify(v.home ? homeToSlackView(v) : toMessages(v)),
  teams: JSON.stringify(viewToCard(v, { withButtons: true })),
});

let app: SqliteApp;
let clock: FakeClock;
let checked = 0;
/** DMs about a carried case whose consent ends before the next meeting (the generator must reach that path) */
let consentEnds = 0;
beforeAll(async () => {
  clock = new FakeClock('2027-01-08T10:00');
  app = await testApp(clock, [municipality()]);
});
afterAll(() => app.close());

/** Back to an empty forum (the planned meetings stay), so each generated case starts alike and fast. */
function reset(): void {
  const keep = new Set(['municipalities', 'forums', 'members', 'meetings', 'settings', 'channel_bindings', 'identity_links', 'conversation_refs', 'sqlite_sequence']);
  const tables = (app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name).filter((t) => !keep.has(t));
  // items last: consents refer to them
  app.db.exec(tables.sort((a, b) => Number(a === 'agenda_items') - Number(b === 'agenda_items')).map((t) => `DELETE FROM "${t}";`).join('\n'));
  clock.set('2027-01-08T10:00');
}

const say = (who: string, text: string) => app.bot.handle({ platform: 'console', userId: who, channelId: 'propby-team', text });

async function run(s: Scenario): Promise<{ ref: string; facts: Facts }> {
  const caseFlag = s.kind === 'case' ? ' --case' : '';
  const out = viewToText((s.fromMessage
    ? await app.bot.handle({ platform: 'console', userId: s.submitter.id, channelId: 'propby-team', text: '', form: {
      id: 'agenda-add', context: { municipality: 'propby', forum: 'team', source: `https://chat.example.org/m/${MARK.source}` },
      values: { title: MARK.title, description: MARK.description, kind: s.kind, category: 'annet', meeting: '2027-01-20' } } })
    : await say(s.submitter.id, `agenda add "${MARK.title}" ${MARK.description}${caseFlag}`)).views[0]!, CONSOLE_SYNTAX);
  const ref = /TEAM-2027-\d{3}/.exec(out)![0];
  if (s.kind === 'case' && s.scope.kind !== 'none') {
    const who = s.scope.agencies.length ? ` --agencies ${s.scope.agencies.join(',')}` : '';
    if (s.scope.kind === 'signed') await say('koord', `consent ${ref} --guardian-signed 2027-01-05${who}${{ never: '', before: ' --expires 2027-01-15', between: ' --expires 2027-01-25' }[s.scope.ends]} --covers ${MARK.covers} --purpose ${MARK.purpose}`);
    else await say('koord', `consent ${ref} --legal-basis ${MARK.basis}${who}`);
  }
  if (s.asked) {
    await say('leder', `ask ${ref} ${MARK.question}`);
    if (s.answered) await say(s.submitter.id, `answer ${ref} ${MARK.answer}`);
  }
  if (s.outcome === 'approve') await say('leder', `approve ${ref}`);
  if (s.outcome === 'reject') await say('leder', `reject ${ref} ${MARK.reason}`);
  if (s.publish) await say('leder', 'publish');
  clock.set('2027-01-13T09:01'); // after the deadline: publication, the deciders' pending digest
  await app.runDue();
  clock.set('2027-01-20T08:00'); // the meeting's morning: the reminder with the agenda
  await app.runDue();
  if (s.held) {
    clock.set('2027-01-20T10:45'); // after the meeting: undecided items move on
    await app.runDue();
    if (s.decided) await say('leder', `decision ${ref} ${MARK.decision}`);
    await say('leder', `note ${ref} ${MARK.note}`);
    await say('leder', `action ${ref} @${s.owner.id} 2027-02-01 ${MARK.action}`);
    if (s.minutesApproved) await say('leder', 'minutes approve');
    clock.set('2027-01-30T08:00'); // the action reminder
    await app.runDue();
  }
  const item = (await app.store.read.item(ref))!;
  const meeting = (await app.store.read.meeting(item.meetingId))!;
  const c = await app.store.read.consent(ref);
  const consentValid = s.kind === 'topic' || Boolean(c && !(c.expires && c.expires < meeting.date));
  const covered = (agency: string) => consentValid && (s.kind === 'topic' || (c!.legalBasis !== undefined && c!.agencies.length === 0) || c!.agencies.includes(agency));
  const onAgenda = ['approved', 'deferred'].includes(item.state) && consentValid;
  const seen = Boolean(app.store.read.publication(meeting.id)) || meeting.startUtc <= clock.now().toISOString();
  return { ref, facts: { kind: s.kind, submitter: s.submitter.id, consentValid, covered, public: onAgenda && seen } };
}

function expectOnly(where: string, viewer: Viewer, view: string, v: View, x: Facts, mustShow: readonly Field[] = []): void {
  for (const [platform, text] of Object.entries(renderings(v))) {
    for (const f of Object.keys(MARK) as Field[]) {
      const shown = text.includes(MARK[f]);
      const allowed = may(viewer, f, x) && (VIEW_SHOWS[view] ?? []).includes(f);
      checked++;
      if (shown && !allowed) throw new Error(`${platform}: ${where} shows ${f} to ${typeof viewer === 'string' ? viewer : `${viewer.id} (${viewer.role}, ${viewer.agency})`} in ${view}; facts ${JSON.stringify({ ...x, covered: AGENCIES.filter(x.covered) })}\n${text}`);
      if (mustShow.includes(f) && allowed && !shown) throw new Error(`${platform}: ${where} hides ${f}, which the rule allows in ${view}\n${text}`);
    }
  }
}

/** Outbox rows by what they are (their key): which view kind each message is. */
function viewOfKey(key: string): string {
  const prefix = key.split(':')[0]!;
  const map: Record<string, string> = {
    item: 'dm', carry: 'dm', carried: 'dm', stranded: 'dm', 'consent-lost': 'dm', pending: 'pending-digest',
    // a carried case whose consent ends before the next meeting: the deciders' pending line and the dates
    'consent-ends': 'pending-digest',
    agenda: 'agenda', 'meeting-reminder': 'agenda', summary: 'channel-summary', actions: 'action-dm', action: 'action-dm',
    'action-reminder': 'action-reminder',
  };
  return map[prefix] ?? 'other';
}

test('the visibility rule holds on every view, for every viewer, on all three platforms (generated)', async () => {
  await fc.assert(fc.asyncProperty(scenario, async (s) => {
    reset();
    const { ref, facts } = await run(s);
    const person = (id: string) => PEOPLE.find((p) => p.id === id)!;
    const i = (await app.store.read.item(ref))!;
    const c = await app.store.read.consent(ref);
    const entries = (await app.store.read.entriesOfMeeting(i.meetingId)).filter((e) => e.itemRef === ref);
    const actions = await app.store.read.actionsOfMeeting(i.meetingId);
    const exists = (f: Field): boolean => {
      return ({
        title: true, description: true, source: Boolean(i.sourceLink), reason: Boolean(i.reason), question: Boolean(i.question), answer: Boolean(i.answer),
        decision: entries.some((e) => e.kind === 'decision'), note: entries.some((e) => e.kind === 'note'),
        action: actions.some((a) => a.itemRef === ref),
        covers: Boolean(c?.covers), purpose: Boolean(c?.purpose), basis: Boolean(c?.legalBasis),
      } as Record<Field, boolean>)[f];
    };
    const present = (fields: readonly Field[]) => fields.filter(exists);

    // everything the bot sent on its own: DMs to people and posts in the forum's channel
    for (const row of (await app.store.outbox.list()).filter((r) => r.platform === 'console')) {
      const viewer: Viewer = row.targetKind === 'channel' ? 'channel' : person(row.target);
      if (row.key.startsWith('consent-ends:')) {
        // only the deciders are told, and only about a case whose consent counted for the meeting it came from
        consentEnds++;
        if (viewer === 'channel' || !['coordinator', 'convener'].includes(viewer.role)) throw new Error(`${row.key} went to ${row.target}`);
        if (s.kind !== 'case' || s.scope.kind !== 'signed' || s.scope.ends !== 'between') throw new Error(`${row.key} for ${JSON.stringify(s.scope)}`);
      }
      const view = viewOfKey(row.key);
      const first = row.key.startsWith(`item:${ref}:new:`) || row.key.startsWith('summary:') || row.key.startsWith('actions:');
      expectOnly(`outbox ${row.key}`, viewer, view, row.view, facts, first ? present(['title', 'description', 'source', 'decision', 'action']) : []);
    }
    // what each chosen person reads by asking
    const item = (await app.store.read.item(ref))!;
    const held = (await app.store.read.meeting(item.meetingId))!.startUtc <= clock.now().toISOString();
    for (const p of s.viewers) {
      // people outside the forum are refused these commands before any item is looked at
      const reader = p.role !== 'stranger';
      expectOnly('agenda', p, 'agenda', viewOf((await say(p.id, 'agenda')).views), facts);
      expectOnly('item', p, 'item-card', viewOf((await say(p.id, `item ${ref}`)).views), facts, reader ? present(['title', 'description', 'reason', 'question', 'answer', 'source', ...DETAILS]) : []);
      if (held || s.held) expectOnly('minutes', p, 'minutes-draft', viewOf((await say(p.id, 'minutes')).views), facts, reader && item.state === 'approved' && held ? present(['decision', 'note', 'action']) : []);
      expectOnly('actions', p, 'actions-list', viewOf((await say(p.id, 'actions')).views), facts, p.id === s.owner.id ? present(['action']) : []);
      expectOnly('agenda mine', p, 'agenda-mine', viewOf((await say(p.id, 'agenda mine')).views), facts, p.id === s.submitter.id ? ['title'] : []);
      expectOnly('log', p, 'audit-log', viewOf((await say(p.id, `log ${ref}`)).views), facts);
      // the overview (Slack's App Home): the submitter's undecided item is listed by its title
      const undecided = ['submitted', 'late', 'needs-info', 'needs-consent'].includes(item.state);
      expectOnly('home', p, 'home', await app.bot.home('console', p.id), facts, p.id === s.submitter.id && undecided ? ['title'] : []);
    }
    // the archive sees everything; statistics and the calendar feed see no text
    const archive = await buildArchive(app.store.read, app.directory, app.municipalities[0]!, 2027, clock.now());
    const exported = `${JSON.stringify(archive)}\n${archiveToMarkdown(archive, app.municipalities[0]!)}`;
    for (const f of present(Object.keys(MARK) as Field[])) {
      checked++;
      if (!exported.includes(MARK[f])) throw new Error(`the export lacks ${f}`);
    }
    const closed = `${JSON.stringify(await buildStatistics(app.store.read, app.directory, app.municipalities, 2027, clock.now()))}\n${meetingsToIcs('Teamet', (await app.store.read.meetingsOfForum('propby', 'team')).map((m) => calendarEntry(app.directory, app.directory.forumById('propby', 'team')!, m, { people: false })), { stampUtc: clock.now().toISOString() })}`;
    for (const f of Object.keys(MARK) as Field[]) {
      checked++;
      if (closed.includes(MARK[f])) throw new Error(`statistics or the calendar feed show ${f}`);
    }
  }), { numRuns: Number(process.env.VISIBILITY_RUNS ?? 1000) });
  expect(checked).toBeGreaterThan(100_000);
  expect(consentEnds).toBeGreaterThan(0);
  // a thousand generated cases take ~14 s alone; each transaction now waits for its (group) COMMIT on the
  // next turn of the event loop, so on a loaded CI machine jest's default 30 s could end the run early
}, 180_000);

/** A reply's views as one view (several views are shown together on every platform). */
function viewOf(views: View[]): View {
  return { kind: 'info', sections: views.flatMap((v) => [{ lines: [v.title ?? ''] }, ...v.sections, { lines: v.link ? [`${v.link.label}: ${v.link.url}`] : [] }]), actions: views.flatMap((v) => v.actions ?? []) };
}
