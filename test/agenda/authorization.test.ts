import type { App } from '../../src/app';
import { FakeClock, replyText, testApp } from '../helpers';

/**
 * Every command × every role. Rights come from the configuration: coordinator (koord),
 * convener by role Teamleder (leder), member (politi), deputy (vara), observer (obs),
 * and a person of the municipality who is not in the forum (fremmed).
 */
const ROLES = { coordinator: 'koord', convener: 'leder', member: 'politi', deputy: 'vara', observer: 'obs', stranger: 'fremmed' } as const;
type Role = keyof typeof ROLES;
const ALL: Role[] = Object.keys(ROLES) as Role[];
const DECIDERS: Role[] = ['coordinator', 'convener'];

const MATRIX: { command: (ref: string) => string; allowed: Role[] }[] = [
  { command: () => 'agenda', allowed: ['coordinator', 'convener', 'member', 'deputy', 'observer'] },
  { command: () => 'agenda add "Et tema"', allowed: ['coordinator', 'convener', 'member', 'deputy'] },
  { command: (r) => `approve ${r}`, allowed: DECIDERS },
  { command: (r) => `reject ${r} Passer bedre et annet sted`, allowed: DECIDERS },
  { command: (r) => `defer ${r} next`, allowed: DECIDERS },
  { command: (r) => `ask ${r} Hvilken skole gjelder det?`, allowed: DECIDERS },
  { command: (r) => `consent ${r} --legal-basis "Barnevernloven § 15-8"`, allowed: DECIDERS },
  { command: () => 'publish', allowed: DECIDERS },
  { command: (r) => `log ${r}`, allowed: DECIDERS },
  { command: () => 'bind team', allowed: ['coordinator'] },
  // the submitter here is the member (politi)
  { command: (r) => `withdraw ${r}`, allowed: ['member'] },
];
const DENIED = /^Bare |ikke medlem av|Bare den som meldte saken/m;

let app: App;
beforeEach(async () => { app = await testApp(new FakeClock('2027-01-08T10:00')); });
afterEach(() => app.close());

const run = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));

describe.each(MATRIX)('$command', ({ command, allowed }) => {
  test.each(ALL)('%s', async (role) => {
    const submitted = await run('politi', 'agenda add "Sak til behandling" --case');
    const ref = /TEAM-\d{4}-\d{3}/.exec(submitted)![0];
    const out = await run(ROLES[role], command(ref));
    if (allowed.includes(role)) expect(out).not.toMatch(DENIED);
    else expect(out).toMatch(DENIED);
  });
});

test('a stranger is told whom to contact', async () => {
  expect(await run('fremmed', 'agenda')).toBe('Du er ikke medlem av Tverrfaglig team. Ta kontakt med SLT-koordinator Kari Koordinator hvis du skal være med.');
});

test('an unknown identity is told how to become known', async () => {
  expect(await run('nobody', 'agenda add "x"')).toMatch(/Jeg vet ikke hvem du er/);
});

test('the observer sees the agenda only once it is published', async () => {
  expect(await run('obs', 'agenda')).toMatch(/ikke publisert ennå/);
  await run('leder', 'publish');
  expect(await run('obs', 'agenda')).toMatch(/Saksliste: Tverrfaglig team/);
});

test('only deciders see pending items, with the case title', async () => {
  await run('politi', 'agenda add "Hemmelig tittel" --case');
  expect(await run('leder', 'agenda')).toMatch(/Venter på avgjørelse[\s\S]*Hemmelig tittel/);
  expect(await run('vara', 'agenda')).not.toMatch(/Hemmelig tittel|Venter på avgjørelse/);
});
