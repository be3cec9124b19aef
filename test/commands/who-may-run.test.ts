/**
 * Who may run a command is declared once (`who:` in the command table). For every command, every kind
 * of person and every platform, through the real bot: a person the declaration leaves out is refused
 * with the permission refusal (naming whom to contact) and nothing is stored or queued; a person it
 * takes in is never refused for permission reasons. The expectations below are written from what each
 * `who` means, not from the code that checks it.
 */
import fc from 'fast-check';
import { COMMAND_TABLE } from '../../src/core/commands';
import type { CommandSpec, Who } from '../../src/core/commands/types';
import { usageLine } from '../../src/core/commands/usage';
import { messages } from '../../src/core/i18n';
import { Municipality } from '../../src/core/model/municipality';
import type { Platform } from '../../src/core/model/municipality';
import { renderInline } from '../../src/core/model/markup';
import { dumpAllTables, FakeClock, fixtureInput, replyText, TEST_SYNTAX, testApp } from '../helpers';

/** The kinds of people, as the directory knows them in the test municipality's forum `team`. */
const PEOPLE = {
  koord: 'the coordinator',
  leder: 'the convener of the forum',
  politi: 'a member of the forum who submitted the item',
  medlem: 'a plain member of the forum',
  vara: 'a deputy of the forum, owner of the action',
  obs: 'an observer of the forum',
  radmedlem: 'a member of another forum only',
  fremmed: 'a person of the municipality in no forum',
  ukjent: 'a person unknown to the directory',
} as const;
type Person = keyof typeof PEOPLE;

const ITEM = 'TEAM-2027-001';
const FORUM_MEMBERS: Person[] = ['koord', 'leder', 'politi', 'medlem', 'vara', 'obs'];
const ATTENDEES: Person[] = ['koord', 'leder', 'politi', 'medlem', 'vara'];
const DECIDERS: Person[] = ['koord', 'leder'];

/** Whether a command is about a forum (named, or implied by an item, an action or the channel). */
const aboutAForum = (spec: CommandSpec) => Boolean(spec.args?.some((a) => a.type === 'ref' || a.type === 'forum') || spec.flags?.forum || spec.who === 'owner');

/** What each `who` means, for the forum `team` (where members may not add notes); a command run bare may declare its own (`bareWho`), about no forum. */
function included(spec: CommandSpec, person: Person, bare: boolean): boolean {
  const who = bare && spec.bareWho ? spec.bareWho : spec.who;
  const rule: Record<Who, () => boolean> = {
    everyone: () => true,
    members: () => (aboutAForum(spec) && !(bare && spec.bareWho) ? FORUM_MEMBERS.includes(person) : person !== 'ukjent'),
    attendees: () => ATTENDEES.includes(person),
    submitters: () => ATTENDEES.includes(person),
    deciders: () => DECIDERS.includes(person),
    noteWriters: () => DECIDERS.includes(person),
    coordinator: () => person === 'koord',
    submitter: () => person === 'politi',
    owner: () => person === 'vara' || DECIDERS.includes(person),
  };
  return rule[who]();
}

/** The person's id on the platform, as the directory has it (a made-up one for the unknown person). */
const identity = (person: Person, platform: Platform) =>
  MUNICIPALITY.members.find((m) => m.id === person)?.identities[platform] ?? `${platform}-${person}`;
const CHANNEL: Record<Platform, string> = { console: 'testby-team', slack: 'CTEAM01', teams: '19:team@thread.tacv2' };

/** A command line for a spec (`named`: an optional forum is named, else the channel's forum is meant), from its declared arguments: the item, the forum `team` (`rad` after an item: where it is raised to), a member, a date, a text, the action #1. */
function lineOf(spec: CommandSpec, named: boolean): string {
  let forums = spec.args?.some((a) => a.type === 'ref') ? 1 : 0;
  const args = (spec.args ?? []).filter((a) => !a.optional || (named && a.type === 'forum')).map((a) => {
    switch (a.type) {
      case 'ref': return ITEM;
      case 'forum': return forums++ ? 'rad' : 'team';
      case 'member': return 'politi';
      case 'date': return '2027-02-01';
      case 'number': return '1';
      default: return a.quoted ? '"Et tema om skoleveien"' : 'Litt tekst';
    }
  });
  return [spec.name, ...args, ...(named && spec.flags?.forum ? ['--forum', 'team'] : [])].join(' ');
}

const nb = messages('nb');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A sentence of the catalog with its blanks as wildcards. */
const pattern = (sentence: string) => new RegExp(escape(renderInline(sentence, TEST_SYNTAX)).replace(/§/g, '.+'));
/** The permission refusals: those that must name whom to contact, and those that need no name. */
const CONTACT_REFUSALS = [pattern(nb.notAMember('§', '§')), pattern(nb.notAllowed('§', '§', '§'))];
const OTHER_REFUSALS = [nb.notYourItem, nb.actionNotYours, nb.whoAreYou, nb.whoAreYouConsole].map(pattern);
const COORDINATOR_NAME = 'Kari Koordinator';

/** The test municipality with a plain member of `team` and a member of `rad` only. */
function municipality(): Municipality {
  const input = fixtureInput() as unknown as { members: object[]; forums: { id: string; members: unknown[] }[] };
  const person = (id: string, name: string) => ({ id, name, role: 'Rådgiver', agency: 'Helse', identities: { console: id, slack: `U${id.toUpperCase()}`, teams: `aad-${id}` } });
  input.members.push(person('medlem', 'Mona Medlem'), person('radmedlem', 'Rune Rådsmedlem'));
  input.forums.find((f) => f.id === 'team')!.members.push('medlem');
  input.forums.find((f) => f.id === 'rad')!.members.push('radmedlem');
  return Municipality.parse(input);
}
const MUNICIPALITY = municipality();

/** A fresh app with an item (submitted by `politi`) on a meeting that has been held, and an action (#1) owned by `vara`. */
async function world() {
  const clock = new FakeClock('2027-01-04T10:00');
  const app = await testApp(clock, [MUNICIPALITY]);
  const say = async (userId: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId, channelId: 'testby-team', text }));
  expect(await say('politi', `agenda add "Tema om skolevei" --forum team`)).toContain(ITEM);
  clock.set('2027-01-07T10:00');
  expect(await say('leder', `action ${ITEM} vara 2027-02-01 Ring skolen`)).toContain('#1');
  return app;
}

/** What goes wrong when `person` runs `spec` on `platform`, or undefined when the declaration holds. */
async function disagreement(spec: CommandSpec, person: Person, platform: Platform, named: boolean): Promise<string | undefined> {
  const app = await world();
  try {
    const before = await dumpAllTables(app);
    const text = lineOf(spec, named);
    const reply = await app.bot.handle({ platform, userId: identity(person, platform), channelId: CHANNEL[platform], text });
    const said = replyText(reply);
    const contactRefusal = CONTACT_REFUSALS.some((p) => p.test(said));
    const permissionRefusal = contactRefusal || OTHER_REFUSALS.some((p) => p.test(said));
    const where = `${platform}: ${PEOPLE[person]} (${person}) ran «${text}» (who: ${spec.who}) → «${said}»`;
    // `whoami` and `home` tell an unknown person that the bot does not know them: that is their answer, not a refusal
    const answersUnknown = person === 'ukjent' && spec.who === 'everyone';
    if (included(spec, person, text === spec.name)) return permissionRefusal && !answersUnknown ? `refused for permission reasons: ${where}` : undefined;
    if (!permissionRefusal || reply.views[0]?.kind !== 'error') return `not refused with the permission refusal: ${where}`;
    if (contactRefusal && !said.includes(COORDINATOR_NAME)) return `the refusal names no one to contact: ${where}`;
    if ((await dumpAllTables(app)) !== before) return `refused, but something was stored or queued: ${where}`;
    return undefined;
  } finally {
    await app.close();
  }
}

const PLATFORMS: Platform[] = ['console', 'slack', 'teams'];

// every command × every kind of person (all of them, so no pair is left to chance) × generated platforms and forms of the line
describe.each(COMMAND_TABLE.map((spec) => [spec.name, spec] as const))('%s: the declared `who` is what the bot enforces', (_name, spec) => {
  test.each(Object.keys(PEOPLE) as Person[])('run by %s', async (person) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PLATFORMS), fc.boolean(), async (platform, named) => {
        expect(await disagreement(spec, person, platform, named)).toBeUndefined();
      }),
      { numRuns: 3 },
    );
  }, 30_000);
});

test('help lists, for each kind of person, only the commands the declaration lets them run somewhere', async () => {
  const app = await world();
  try {
    // in this municipality `politi` and `medlem` are plain members, `vara` a deputy, `obs` an observer, `radmedlem` a member of `rad`
    const submitsSomewhere: Person[] = ['koord', 'leder', 'politi', 'medlem', 'vara', 'radmedlem'];
    const shown = (spec: CommandSpec, person: Person): boolean => {
      if (spec.who === 'everyone' || spec.bareWho === 'everyone') return true;
      if (person === 'ukjent') return false;
      if (spec.who === 'coordinator' && !spec.bareWho) return person === 'koord';
      if (spec.bareWho || spec.who === 'owner' || !aboutAForum(spec)) return true;
      const rule: Partial<Record<Who, Person[]>> = {
        members: [...submitsSomewhere, 'obs'], attendees: submitsSomewhere, submitters: submitsSomewhere, submitter: submitsSomewhere,
        deciders: DECIDERS, noteWriters: DECIDERS, coordinator: ['koord'],
      };
      return rule[spec.who]!.includes(person);
    };
    for (const person of Object.keys(PEOPLE) as Person[]) {
      const help = replyText(await app.bot.handle({ platform: 'slack', userId: identity(person, 'slack'), channelId: CHANNEL.slack, text: 'help' }));
      const listed = COMMAND_TABLE.filter((c) => help.includes(`/slt ${usageLine(c, nb)}\``)).map((c) => c.name);
      expect([person, listed]).toEqual([person, COMMAND_TABLE.filter((c) => shown(c, person)).map((c) => c.name)]);
    }
  } finally {
    await app.close();
  }
});
