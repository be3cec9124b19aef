import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { runCli } from '../../src/cli/main';
import { archiveToMarkdown, buildArchive } from '../../src/core/views/archive';
import { buildStatistics } from '../../src/core/views/statistics';
import { purgeExpired } from '../../src/core/use-cases/retention';
import { FakeClock, fixture, fixtureInput, replyText, testApp } from '../helpers';

interface Expected { topic: number; case: number; approved: number; rejected: number; late: number; consent: number; actions: number; onTime: number; held: number }

/** Drive a term of meetings with a generated mix of items, decisions and actions; count what we did. */
async function generate(seed: number, dbFile: string) {
  const clock = new FakeClock('2027-01-04T10:00');
  const app = await testApp(clock, [fixture()], { dbFile });
  const say = async (who: string, text: string) => replyText(await app.bot.handle({ platform: 'console', userId: who, channelId: 'testby-team', text }));
  const rnd = fc.sample(fc.array(fc.record({ topics: fc.nat(3), cases: fc.nat(2), reject: fc.boolean(), late: fc.boolean(), doneOnTime: fc.boolean() }), { minLength: 6, maxLength: 6 }), { seed, numRuns: 1 })[0]!;
  const exp: Expected = { topic: 0, case: 0, approved: 0, rejected: 0, late: 0, consent: 0, actions: 0, onTime: 0, held: 0 };
  const meetings = (await app.store.read.meetingsOfForum('testby', 'team')).filter((m) => m.date < '2027-04-01').slice(0, rnd.length);
  for (const [k, mt] of meetings.entries()) {
    const plan = rnd[k]!;
    clock.set(`${mt.date}T00:00`);
    clock.advance({ days: -10 }); // before the deadline
    const refs: string[] = [];
    for (let i = 0; i < plan.topics; i++) refs.push(/TEAM-\d{4}-\d{3}/.exec(await say('politi', `agenda add "Tema ${k}.${i}" --meeting ${mt.date}`))![0]);
    for (let i = 0; i < plan.cases; i++) {
      const ref = /TEAM-\d{4}-\d{3}/.exec(await say('vara', `agenda add "Sak ${k}.${i}" Beskrivelse ${k}.${i} --case --meeting ${mt.date}`))![0];
      await say('koord', `consent ${ref} --guardian-signed 2026-12-01 --agencies Helse,Politiet`);
      exp.consent++;
      refs.push(ref);
    }
    exp.topic += plan.topics;
    exp.case += plan.cases;
    if (plan.late) {
      clock.set(`${mt.date}T07:00`);
      refs.push(/TEAM-\d{4}-\d{3}/.exec(await say('politi', `agenda add "Sent ${k}"`))![0]);
      exp.topic++;
      exp.late++;
    }
    for (const [i, ref] of refs.entries()) {
      if (plan.reject && i === 0) { await say('leder', `reject ${ref} Passer ikke`); exp.rejected++; } else { await say('leder', `approve ${ref}`); exp.approved++; }
    }
    clock.set(`${mt.date}T11:00`);
    exp.held++;
    const approved = refs.filter((_, i) => !(plan.reject && i === 0));
    if (approved[0]) {
      await say('leder', `action ${approved[0]} @politi ${mt.date} Følge opp ${k}`);
      exp.actions++;
      const id = (await app.store.read.actionsOfMeeting(mt.id))[0]!.id;
      if (plan.doneOnTime) { await say('politi', `action done ${id}`); exp.onTime++; } else { clock.advance({ days: 2 }); await say('politi', `action done ${id}`); }
    }
  }
  return { app, clock, exp };
}

test.each([1, 2, 3])('statistics match the generated data (seed %i)', async (seed) => {
  const { app, exp } = await generate(seed, ':memory:');
  expect(exp.topic + exp.case).toBeGreaterThan(4); // the generator really produced data
  const [team] = (await buildStatistics(app.store.read, app.directory, app.municipalities, 2027, new Date('2027-06-30T12:00:00Z'))).filter((s) => s.forum === 'team');
  expect(team).toEqual({
    municipality: 'testby', forum: 'team', meetingsHeld: expect.any(Number),
    items: { topic: exp.topic, case: exp.case },
    outcomes: Object.fromEntries(Object.entries({ approved: exp.approved, rejected: exp.rejected }).filter(([, n]) => n > 0)),
    lateItems: exp.late, casesWithConsent: exp.consent, actions: exp.actions, actionsDoneOnTime: exp.onTime,
  });
  expect(team!.meetingsHeld).toBe((await app.store.read.meetingsOfForum('testby', 'team')).filter((m) => m.date.startsWith('2027') && m.startUtc <= '2027-06-30T12:00:00Z').length);
  expect(JSON.stringify(team)).not.toMatch(/Tema|Sak|Per Politi/);
  await app.close();
});

test('export: JSON and Markdown with the generated meetings; after retention no case description remains', async () => {
  const { app, exp } = await generate(7, ':memory:');
  expect(exp.case).toBeGreaterThan(0);
  const m = app.municipalities[0]!;
  const archive = await buildArchive(app.store.read, app.directory, m, 2027, new Date());
  const items = archive.meetings.flatMap((x) => x.agenda);
  expect(items.filter((i) => i.kind === 'case')).toHaveLength(exp.case);
  expect(items.filter((i) => i.kind === 'topic')).toHaveLength(exp.topic);
  if (exp.case) expect(JSON.stringify(archive)).toMatch(/Beskrivelse 0|Beskrivelse \d/);
  expect(archive.meetings.flatMap((x) => x.actions)).toHaveLength(exp.actions);
  expect(archiveToMarkdown(archive, m)).toMatch(/^# Testby kommune: SLT-arkiv 2027\n\nEksportert [a-zæøå]+dag \d+\. [a-z]+ 20\d\d kl\. \d\d:\d\d\./);
  // thirteen months on, the daily purge erases case details and logs it
  const purged = await purgeExpired(app.deps, new Date('2028-05-01T12:00:00Z'), m);
  expect(purged).toHaveLength(exp.case);
  const after = await buildArchive(app.store.read, app.directory, m, 2027, new Date());
  expect(JSON.stringify(after)).not.toMatch(/Beskrivelse|Sak \d/);
  expect(after.meetings.flatMap((x) => x.agenda).filter((i) => i.kind === 'case').every((i) => i.title === '[slettet etter lagringstiden]' && !i.consent)).toBe(true);
  expect(after.meetings.flatMap((x) => x.agenda).filter((i) => i.kind === 'topic')).toHaveLength(exp.topic); // topics are kept
  expect(app.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'purge-case-details'").get()).toEqual({ n: exp.case });
  expect(await purgeExpired(app.deps, new Date('2028-05-02T12:00:00Z'), m)).toEqual([]); // once
  await app.close();
});

test('the CLI writes the archive files and prints statistics', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-export-'));
  const db = path.join(dir, 'slt.db');
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data', 'testby.yaml'), YAML.stringify(fixtureInput()));
  const { app, exp } = await generate(3, db);
  await app.close();
  const env = { ...process.env };
  process.env.SLT_DB = db;
  process.env.SLT_DATA = path.join(dir, 'data');
  try {
    const out: string[] = [];
    expect(await runCli(['export', '--municipality', 'testby', '--year', '2027', '--out', path.join(dir, 'out')], (s) => void out.push(s), () => {})).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'testby-2027.json'), 'utf8'));
    expect(json.meetings.flatMap((x: { agenda: unknown[] }) => x.agenda)).toHaveLength(exp.topic + exp.case);
    expect(fs.readFileSync(path.join(dir, 'out', 'testby-2027.md'), 'utf8')).toMatch(/## Tverrfaglig team, 2027-01-06/);
    const stats: string[] = [];
    expect(await runCli(['stats', '--year', '2027', '--format', 'json'], (s) => void stats.push(s), () => {})).toBe(0);
    expect(JSON.parse(stats.join('')).find((s: { forum: string }) => s.forum === 'team').items).toEqual({ topic: exp.topic, case: exp.case });
    const err: string[] = [];
    expect(await runCli(['stats', '--year', '27'], () => {}, (s) => void err.push(s))).toBe(1);
    expect(err.join('')).toMatch(/--year: expected a year such as 2027/);
  } finally {
    process.env = env;
  }
});
