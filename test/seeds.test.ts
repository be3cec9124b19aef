import { DateTime } from 'luxon';
import { ConsoleSession } from '../adapters/console/console-session';
import { createApp } from '../src/app';
import { loadMunicipalities } from '../src/config/load-municipalities';
import { planForum } from '../src/core/model/plan';
import { FakeClock, holidays } from './helpers';

const all = loadMunicipalities('data/municipalities', holidays, '2027-01-01');
const forum = (m: string, f: string) => {
  const mm = all.find((x) => x.id === m)!;
  return { m: mm, f: mm.forums.find((x) => x.id === f)! };
};
const plan = (m: string, f: string, from: string, to: string) => {
  const r = forum(m, f);
  return planForum(r.m, r.f, from, to, holidays);
};
const local = (iso: string) => DateTime.fromISO(iso).setZone('Europe/Oslo');

describe('the five seed municipalities', () => {
  test('all load, with the forums the seed pages describe', () => {
    expect(all.map((m) => m.id).sort()).toEqual(['aukra', 'loten', 'marker', 'stange', 'ullensaker']);
    expect(all.find((m) => m.id === 'aukra')!.language).toBe('nn');
    const ids = Object.fromEntries(all.map((m) => [m.id, m.forums.map((f) => f.id).sort()]));
    expect(ids.stange).toEqual(['politirad', 'skolemote-rus', 'skolemote-sus', 'slt-mote', 'ungdomsgruppe', 'utvida-teammote']);
    expect(ids.ullensaker).toEqual(['koordineringsgruppe', 'politirad', 'styringsgruppe']);
    expect(ids.loten).toEqual(['but-adalsbruk', 'but-jonsrud', 'but-lund', 'but-ostvang', 'koordineringsgruppe', 'politirad', 'spedsmabarn', 'tut']);
    expect(ids.marker).toEqual(['koordineringsgruppe', 'politirad']);
    expect(ids.aukra).toEqual(['koordineringsgruppa', 'politiradet']);
  });

  test('Aukra koordineringsgruppa 2027: three meetings January–June and two July–December', () => {
    const p = plan('aukra', 'koordineringsgruppa', '2027-01-01', '2027-12-31');
    expect(p.filter((x) => x.date < '2027-07-01')).toHaveLength(3);
    expect(p.filter((x) => x.date >= '2027-07-01')).toHaveLength(2);
    const pr = plan('aukra', 'politiradet', '2027-01-01', '2027-12-31');
    expect([pr.filter((x) => x.date < '2027-07-01').length, pr.filter((x) => x.date >= '2027-07-01').length]).toEqual([2, 2]);
  });

  test('Stange politiråd: five meetings in 2027, each after an SLT meeting, with its three standing items', () => {
    const p = plan('stange', 'politirad', '2027-01-01', '2027-12-31');
    expect(p).toHaveLength(5);
    const slt = plan('stange', 'slt-mote', '2027-01-01', '2027-12-31');
    expect(slt).toHaveLength(5);
    p.forEach((x, i) => expect(x.startUtc > slt[i]!.startUtc).toBe(true));
    expect(forum('stange', 'politirad').f.standingItems.slice(0, 3)).toEqual(['Vold og overgrep mot barn', 'Vold og overgrep i nære relasjoner', 'Radikalisering']);
    expect(forum('stange', 'skolemote-sus').f.convener).toEqual({ role: 'Rektor' });
    expect(forum('stange', 'utvida-teammote').f.convener).toEqual({ role: 'Teamleder' });
    expect(plan('stange', 'utvida-teammote', '2027-01-01', '2027-12-31')).toHaveLength(4);
  });

  test('Løten sped- og småbarnsteam 2023/24: exactly the seven seed dates, Wednesdays at 14:00 Oslo time', () => {
    const p = plan('loten', 'spedsmabarn', '2023-08-01', '2024-07-31');
    expect(p.map((x) => x.date)).toEqual(['2023-09-27', '2023-11-08', '2023-12-06', '2024-01-17', '2024-03-06', '2024-04-10', '2024-05-22']);
    expect(p.every((x) => local(x.startUtc).toFormat('cccc HH:mm', { locale: 'en' }) === 'Wednesday 14:00')).toBe(true);
  });

  test('Løten BUT: the seed one-off dates and times per school; Østvang has none', () => {
    const times = (f: string) => plan('loten', f, '2023-01-01', '2023-12-31').map((x) => `${x.date} ${local(x.startUtc).toFormat('HH:mm')}-${local(x.endUtc).toFormat('HH:mm')}`);
    expect(times('but-adalsbruk')).toEqual(['2023-12-14 14:00-15:00']);
    expect(times('but-jonsrud')).toEqual(['2023-12-05 10:00-11:00']);
    expect(times('but-lund')).toEqual(['2023-11-30 14:30-15:30']);
    expect(times('but-ostvang')).toEqual([]);
  });

  test('Løten TUT: every other week, never on a public holiday (skip policy), one-week deadline', () => {
    const p = plan('loten', 'tut', '2027-01-01', '2027-12-31');
    const { m, f } = forum('loten', 'tut');
    expect(f.holidayPolicy).toBe('skip');
    expect(f.referralDeadlineDays).toBe(7);
    expect(p.length).toBeGreaterThan(15);
    for (let i = 1; i < p.length; i++) {
      const gap = DateTime.fromISO(p[i]!.date).diff(DateTime.fromISO(p[i - 1]!.date), 'days').days;
      expect(gap % 14).toBe(0); // a skipped meeting makes a 4-week gap, never an odd one
    }
    expect(p.every((x) => holidays.holidayName(x.date) === undefined)).toBe(true);
    expect(p.every((x) => !m.schoolHolidays.some((h) => h.from <= x.date && x.date <= h.to))).toBe(true);
    expect(p.every((x) => local(x.deadlineUtc).plus({ days: 7 }).toISO() === local(x.startUtc).toISO())).toBe(true);
  });

  test('the console: /slt forums lists every forum of all five; /slt next tut answers for Løten', async () => {
    const clock = new FakeClock('2027-01-11T10:00');
    const app = await createApp({ dbFile: ':memory:', data: 'data/municipalities', clock });
    await app.sync();
    const out: string[] = [];
    const s = new ConsoleSession(app.bot, app.directory, (t) => void out.push(t));
    await s.input('/slt forums');
    const forums = out.join('');
    for (const m of all) {
      expect(forums).toContain(`Fora i ${m.name}`);
      for (const f of m.forums) expect(forums).toContain(`(${f.id}) · `);
    }
    out.length = 0;
    await s.input('/slt next tut');
    expect(out.join('')).toBe([
      '== Neste møte i Tverrfaglig ungdomsteam (TUT) ==',
      'Tid: tirsdag 19. januar 2027 kl. 12:30',
      'Sted: Sentralen miljøsenter',
      'Frist for å melde saker: tirsdag 12. januar 2027 kl. 12:30',
      'Saker meldes til SLT-koordinator senest 7 dager før møtet.',
      'Målgruppe: Unge 13–25 år; unntak ved behov',
      '',
    ].join('\n'));
    await app.close();
  });
});

describe('the rhythms the seed pages state (issue 12)', () => {
  test('Marker koordineringsgruppe: once a month, July skipped', () => {
    const months = plan('marker', 'koordineringsgruppe', '2027-01-01', '2027-12-31').map((x) => x.date.slice(5, 7));
    expect(months).toEqual(['01', '02', '03', '04', '05', '06', '08', '09', '10', '11', '12']);
  });

  test('Løten BUT: every sixth week from each school\'s first date, at its time, still planned in 2027', () => {
    for (const [f, time] of [['but-adalsbruk', '14:00'], ['but-jonsrud', '10:00'], ['but-lund', '14:30']] as const) {
      const p = plan('loten', f, '2027-01-01', '2027-12-31');
      expect(p.length).toBeGreaterThan(5);
      for (let i = 1; i < p.length; i++) expect(DateTime.fromISO(p[i]!.date).diff(DateTime.fromISO(p[i - 1]!.date), 'days').days % 42).toBe(0);
      expect(p.every((x) => local(x.startUtc).toFormat('HH:mm') === time && local(x.endUtc).diff(local(x.startUtc), 'minutes').minutes === 60)).toBe(true);
    }
    expect(plan('loten', 'but-ostvang', '2027-01-01', '2027-12-31')).toEqual([]);
  });

  test('forums whose page asks people to make contact beforehand have no referral deadline; the others keep theirs', () => {
    const noDeadline = all.flatMap((m) => m.forums.filter((f) => f.referralDeadlineDays === null).map((f) => `${m.id}/${f.id}`)).sort();
    expect(noDeadline).toEqual(['loten/but-adalsbruk', 'loten/but-jonsrud', 'loten/but-lund', 'loten/but-ostvang', 'loten/spedsmabarn']);
    expect(forum('loten', 'tut').f.consentFormUrl).toMatch(/^https:\/\/www\.example\.org\//);
    expect(forum('stange', 'politirad').f.raisedItemsUnder).toBe('Saker fra SLT-møtet og andre nivåer');
  });

  test('the referral rule names the convener: rektor for Stange\'s school meetings, teamleder for the extended team meeting', async () => {
    const clock = new FakeClock('2027-01-11T10:00');
    const app = await createApp({ dbFile: ':memory:', data: 'data/municipalities', clock });
    await app.sync();
    const next = async (who: string, f: string) => (await app.bot.handle({ platform: 'console', userId: who, text: `next ${f}` })).views.flatMap((v) => v.sections.flatMap((s) => s.lines)).join('\n');
    expect(await next('stange.koordinator', 'skolemote-sus')).toMatch(/Saker meldes til rektor senest 7 dager før møtet\./);
    expect(await next('stange.koordinator', 'utvida-teammote')).toMatch(/Saker meldes til teamleder senest 7 dager før møtet\./);
    expect(await next('loten.koordinator', 'spedsmabarn')).toMatch(/Forumet har ingen frist for å melde saker: ta kontakt med SLT-koordinator før møtet\./);
    await app.close();
  });
});
