import type { App } from '../../src/app';
import type { Language } from '../../src/core/model/primitives';
import { fixture, type FakeClock } from '../helpers';
import type { Who } from '../contract/adapter-driver';

/**
 * Words that show a text in `lang` has words of another language in it: bokmål in nynorsk, nynorsk in
 * bokmål, Norwegian in English. Found as whole words, case-insensitive.
 */
export const MARKERS: Record<Language, readonly string[]> = {
  nb: ['ikkje', 'berre', 'frå', 'kven', 'korleis', 'kva', 'eg', 'dei', 'ein', 'eit', 'vart', 'medan', 'nokon', 'noko', 'skildring', 'grunngiving'],
  nn: ['ikke', 'bare', 'fra', 'hvem', 'hvordan', 'hva', 'jeg', 'noen', 'noe', 'ble', 'mye', 'beskrivelse', 'begrunnelse', 'skolefravær'],
  en: ['ikke', 'ikkje', 'og', 'er', 'til', 'på', 'av', 'med', 'som', 'det', 'den', 'avbryt', 'sak', 'saker', 'saken', 'møte', 'møtet', 'frist', 'fristen',
    'kanalen', 'skjema', 'skjemaet', 'skriv', 'bruk', 'hjelp', 'kommando', 'tittel', 'beskrivelse', 'begrunnelse', 'utkast', 'referat', 'godkjent', 'vedlegg', 'forts'],
};

/** The marker words of other languages found in a text meant for `lang`. */
export function leaks(text: string, lang: Language): string[] {
  const found = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}-]+/u)) if (MARKERS[lang].includes(word)) found.add(word);
  return [...found];
}

/** The test municipality in a language; in English with English names, so only the bot's own words are checked. */
export const languageFixture = (lang: Language) => fixture(lang === 'en'
  ? {
    language: 'en', name: 'Testby municipality',
    forums: [
      { id: 'team', code: 'TEAM', name: 'Multi-agency team', level: 3, convener: { role: 'Teamleder' }, members: ['leder', 'politi', { member: 'vara', role: 'deputy' }, { member: 'obs', role: 'observer' }],
        channels: { console: 'testby-team', slack: 'CTEAM01', teams: '19:team@thread.tacv2' }, cadence: { kind: 'weekly', every: 2, weekday: 'wednesday', anchor: '2027-01-06' },
        time: '09:00', durationMinutes: 90, place: 'Town hall', referralDeadlineDays: 7, allowsCases: true, holidayPolicy: 'skip' },
      { id: 'rad', code: 'RAD', name: 'Police council', level: 1, members: ['politi'], channels: { console: 'testby-rad' },
        cadence: { kind: 'spread', weekday: 'tuesday', nth: 2, periods: [{ months: [1, 2, 3, 4, 5, 6], count: 2 }, { months: [8, 9, 10, 11, 12], count: 2 }] }, time: '13:00', standingItems: ['Violence against children'] },
    ],
  } as never
  : { language: lang });

/** What people write, in their language (so a leak found is the bot's). */
const WRITTEN: Record<Language, { title: string; description: string; reason: string; question: string; answer: string; note: string; action: string }> = {
  nb: { title: 'Uro ved klubben', description: 'Flere meldinger om uro', reason: 'Hører hjemme i gruppa', question: 'Hvilken skole?', answer: 'Skolen i sentrum', note: 'Politiet følger opp', action: 'Ringe skolen' },
  nn: { title: 'Uro ved klubben', description: 'Fleire meldingar om uro', reason: 'Høyrer heime i gruppa', question: 'Kva skule?', answer: 'Skulen i sentrum', note: 'Politiet følgjer opp', action: 'Ringje skulen' },
  en: { title: 'Noise at the youth club', description: 'Several reports of noise', reason: 'Belongs in the coordinating group', question: 'Which school?', answer: 'The school in the centre', note: 'The police follow up', action: 'Call the school' },
};

export type Step = { who: Who; line: string } | { at: string; due?: true };

/**
 * A scenario that makes the bot say (nearly) everything it says: every command, its refusals and usage
 * errors, and the messages it sends on its own (invitations, reminders, the agenda, the summary prompt,
 * action reminders), on the fixture (meetings every other Wednesday from 2027-01-06, 09:00–10:30).
 */
export function scenario(lang: Language): Step[] {
  const w = WRITTEN[lang];
  const say = (who: Who, ...lines: string[]): Step[] => lines.map((line) => ({ who, line }));
  return [
    { at: '2027-01-08T10:00', due: true },
    ...say('politi', 'help', 'help agenda add', 'help deputy', 'forums', 'next', 'calendar', 'whoami', 'home', 'agenda', 'frobnicate', 'agenda add',
      `agenda add "${w.title}" ${w.description}`, `agenda add "${w.title} 2"`, `agenda add "${w.title} 3" --case`, `agenda add "${w.title} 4"`,
      `agenda add "${w.title}" --category nonsense`, 'agenda add "Ring 41234567"', `agenda add "${w.title}" --meeting 2027-99-01`, 'agenda add "x" --nonsense 1',
      'agenda mine', 'item TEAM-2027-001', 'approve TEAM-2027-001', 'withdraw TEAM-2027-004', 'approve', 'deputy', 'deputy @nobody', 'deputy vara 2027-01-20', 'regrets 2027-02-03'),
    ...say('fremmed', 'agenda', 'agenda add "x"'),
    ...say('leder', 'agenda', 'approve TEAM-2027-001', `ask TEAM-2027-002 ${w.question}`, 'approve TEAM-2027-003', 'reject TEAM-2027-002'),
    ...say('politi', `answer TEAM-2027-002 ${w.answer}`),
    ...say('koord', 'consent TEAM-2027-003 --guardian-signed 2027-01-05 --agencies Politiet --expires 2027-12-31', 'approve TEAM-2027-003', 'defer TEAM-2027-002 next',
      'log TEAM-2027-001', 'publish', 'bind', 'delivery', 'delivery 99', 'resend 99', 'raise TEAM-2027-001 rad', 'minutes', 'note TEAM-2027-001 x', 'whoami'),
    { at: '2027-01-10T08:00', due: true },
    { at: '2027-01-13T09:05', due: true },
    ...say('politi', `agenda add "${w.title} 5"`),
    { at: '2027-01-20T08:00', due: true },
    { at: '2027-01-20T10:45', due: true },
    ...say('leder', 'minutes', `note TEAM-2027-001 ${w.note}`, `decision TEAM-2027-001 ${w.reason}`, `action TEAM-2027-001 politi 2027-01-28 ${w.action}`,
      'action TEAM-2027-001 nobody 2027-01-28 x', 'decision TEAM-2027-001 --replace 1 ' + w.reason, 'decision TEAM-2027-001 --remove 9', 'minutes approve', 'publish'),
    ...say('politi', 'actions', 'action done 99', 'home'),
    { at: '2027-01-26T08:00', due: true },
    ...say('politi', 'action done 1'),
  ];
}

/** Runs the scenario: each line typed through `type`, the clock moved and due work run where it says. */
export async function playScenario(app: App, clock: FakeClock, lang: Language, type: (who: Who, line: string) => Promise<unknown>): Promise<void> {
  for (const step of scenario(lang)) {
    if ('at' in step) {
      clock.set(step.at);
      if (step.due) await app.runDue();
    } else await type(step.who, step.line);
  }
}
