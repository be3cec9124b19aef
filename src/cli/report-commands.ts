import path from 'node:path';
import { createApp } from '../app';
import { systemClock } from '../core/ports/clock';
import { archiveToMarkdown, buildArchive } from '../core/views/archive';
import { buildStatistics } from '../core/views/statistics';
import { openStore } from '../store/open-store';
import { ensurePrivateDir, writePrivateFile } from '../store/private-files';
import { StartupError } from '../startup-error';

export class CliError extends Error {}

const year = (v: string | undefined): number => {
  if (!v || !/^\d{4}$/.test(v)) throw new CliError(`--year: expected a year such as 2027, got "${v ?? ''}"`);
  return Number(v);
};

/** The bot's database as it is (SQLite's SLT_DB, or PostgreSQL's DATABASE_URL): an export or statistics never create an empty one where none is. */
async function openApp() {
  try {
    const choice = { databaseUrl: process.env.DATABASE_URL, dbFile: process.env.SLT_DB ?? 'var/slt.db', poolSize: 2 };
    return await createApp({
      store: () => openStore(choice, { policy: { requireExisting: true }, nowUtc: new Date().toISOString() }),
      data: process.env.SLT_DATA ?? 'data/municipalities', clock: systemClock,
    });
  } catch (e) {
    if (e instanceof StartupError) throw new CliError(e.message);
    throw e;
  }
}

/** `export --municipality <id> --year <yyyy> [--out <folder>]`: JSON and Markdown archive files. */
export async function exportCommand(flags: Record<string, string>, out: (s: string) => void): Promise<void> {
  const y = year(flags.year);
  const app = await openApp();
  try {
    const m = app.municipalities.find((x) => x.id === flags.municipality);
    if (!m) throw new CliError(`--municipality: expected one of ${app.municipalities.map((x) => x.id).join(', ')}, got "${flags.municipality ?? ''}"`);
    const archive = await buildArchive(app.store.read, app.directory, m, y, app.clock.now());
    const dir = flags.out ?? path.join('var', 'export');
    // the archive holds case details: 0600 files in a 0700 folder (private-files.ts)
    ensurePrivateDir(dir);
    const base = path.join(dir, `${m.id}-${y}`);
    writePrivateFile(`${base}.json`, `${JSON.stringify(archive, null, 2)}\n`);
    writePrivateFile(`${base}.md`, archiveToMarkdown(archive, m));
    out(`Skrev ${base}.json og ${base}.md (${archive.meetings.length} møter).\n`);
  } finally {
    await app.close();
  }
}

/** `stats --year <yyyy> [--municipality <id>] [--format table|json]`: counts per forum, no personal data. */
export async function statsCommand(flags: Record<string, string>, out: (s: string) => void): Promise<void> {
  const y = year(flags.year);
  const app = await openApp();
  try {
    const scope = flags.municipality ? app.municipalities.filter((m) => m.id === flags.municipality) : app.municipalities;
    if (!scope.length) throw new CliError(`--municipality: expected one of ${app.municipalities.map((x) => x.id).join(', ')}`);
    const stats = await buildStatistics(app.store.read, app.directory, scope, y, app.clock.now());
    if (flags.format === 'json') return out(`${JSON.stringify(stats, null, 2)}\n`);
    const head = ['kommune', 'forum', 'møter holdt', 'tema', 'enkeltsaker', 'godkjent', 'avvist', 'utsatt', 'for sent', 'saker m/samtykke', 'oppgaver', 'utført i tide'];
    const rows = stats.map((s) => [s.municipality, s.forum, s.meetingsHeld, s.items.topic, s.items.case, s.outcomes.approved ?? 0,
      (s.outcomes.rejected ?? 0) + (s.outcomes.declined ?? 0), s.outcomes.deferred ?? 0, s.lateItems, s.casesWithConsent, s.actions, s.actionsDoneOnTime].map(String));
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    out(`SLT-statistikk ${y}\n${line(head)}\n${rows.map(line).join('\n')}\n`);
  } finally {
    await app.close();
  }
}
