import fs from 'node:fs';
import { DateTime } from 'luxon';
import { norwegianHolidays } from '../calendar/norwegian-holidays';
import { meetingsToIcs } from '../calendar/ics';
import { ConfigError, loadMunicipalities } from '../config/load-municipalities';
import { Directory } from '../core/model/directory';
import { isIsoDate } from '../core/model/primitives';
import { planForum } from '../core/model/plan';
import { calendarEntry } from '../core/views/calendar-entry';
import type { Municipality } from '../core/model/municipality';
import { formatShort } from '../core/i18n/format';
import { redactedUrl } from '../store/postgres/pg-faults';
import { backupCommand, restoreCommand } from './backup-commands';
import { MigrateError, migrateToPostgres } from './migrate-to-postgres';
import { errorSummary } from '../observability/log-redaction';
import { createLogger, type Log, LOG_LEVELS } from '../observability/logger';
import { CliError, exportCommand, statsCommand } from './report-commands';

const USAGE = `Bruk: npm run slt -- <kommando>
  validate                                   sjekk all konfigurasjon i data/municipalities (eller SLT_DATA)
  plan --municipality <id> --from <dato> --to <dato> [--forum <id>] [--format table|ics] [--out <fil>]
                                             møteplan som tabell eller iCalendar-fil
  export --municipality <id> --year <år> [--out <mappe>]
                                             arkiv (JSON og Markdown) av møter, sakslister og referater
  stats --year <år> [--municipality <id>] [--format table|json]
                                             tall per forum, uten personopplysninger
  backup --out <fil>                         sikkerhetskopi av databasen (SLT_DB) mens boten kjører
  restore --from <fil>                       kontroller en sikkerhetskopi og legg den inn som SLT_DB (boten må være stoppet)
  migrate-to-postgres [--from <fil>] [--to <url>]
                                             kopier SQLite-databasen (SLT_DB) til en tom PostgreSQL-database (DATABASE_URL)`;

type Flags = Record<string, string>;
function parseFlags(argv: string[]): { cmd?: string; flags: Flags } {
  const flags: Flags = {};
  let cmd: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      flags[k] = v ?? argv[++i] ?? '';
    } else cmd ??= a;
  }
  return cmd ? { cmd, flags } : { flags };
}


const isoDate = (flags: Flags, name: string, fallback?: string): string => {
  const v = flags[name] ?? fallback;
  if (!v || !isIsoDate(v)) throw new CliError(`--${name}: expected a date as YYYY-MM-DD, got "${v ?? ''}"`);
  return v;
};

function load(): Municipality[] {
  return loadMunicipalities(process.env.SLT_DATA ?? 'data/municipalities', norwegianHolidays(), DateTime.now().toISODate() as string);
}

function plan(flags: Flags, out: (s: string) => void): void {
  const all = load();
  const m = all.find((x) => x.id === flags.municipality);
  if (!m) throw new CliError(`--municipality: expected one of ${all.map((x) => x.id).join(', ')}, got "${flags.municipality ?? ''}"`);
  const from = isoDate(flags, 'from');
  const to = isoDate(flags, 'to');
  if (to < from) throw new CliError('--to must not be before --from');
  const forums = flags.forum ? m.forums.filter((f) => f.id === flags.forum) : m.forums;
  if (!forums.length) throw new CliError(`--forum: expected one of ${m.forums.map((f) => f.id).join(', ')}`);
  const holidays = norwegianHolidays();
  const meetings = forums.flatMap((f) => planForum(m, f, from, to, holidays).map((p) => ({ ...p, forumName: f.name, noDeadline: f.referralDeadlineDays === null })));
  const format = flags.format ?? 'table';
  if (format === 'ics') {
    const directory = new Directory([m]);
    const entries = meetings.map((p) => calendarEntry(directory, { municipality: m, forum: m.forums.find((f) => f.id === p.forumId)! }, p, { people: false }));
    const text = meetingsToIcs(`${m.name}: SLT-møter`, entries, { method: 'PUBLISH', stampUtc: DateTime.now().toUTC().toISO() as string });
    if (flags.out) {
      fs.writeFileSync(flags.out, text);
      out(`Skrev ${meetings.length} møter til ${flags.out}\n`);
    } else out(text);
    return;
  }
  if (format !== 'table') throw new CliError(`--format: expected table or ics, got "${format}"`);
  const rows = meetings
    .sort((a, b) => a.startUtc.localeCompare(b.startUtc))
    .map((p) => [p.forumId, formatShort(p.startUtc, m.timeZone, m.language), DateTime.fromISO(p.endUtc).setZone(m.timeZone).toFormat('HH:mm'),
      p.noDeadline ? '–' : formatShort(p.deadlineUtc, m.timeZone, m.language), p.place ?? '', p.movedFrom ? `flyttet fra ${p.movedFrom}` : p.note ?? '']);
  const head = ['forum', 'start', 'slutt', 'frist', 'sted', 'merknad'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  out(`${m.name}: ${meetings.length} møter ${from} – ${to} (${m.timeZone})\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

/** backup and restore are SQLite's (its backup API, the file SLT_DB); PostgreSQL has its own tools. */
function sqliteOnly(cmd: string): void {
  if (process.env.DATABASE_URL) throw new CliError(`${cmd}: the data is in PostgreSQL (DATABASE_URL); use pg_dump and pg_restore there (README "PostgreSQL: several instances")`);
}

/** `migrate-to-postgres [--from <file>] [--to <url>]`: SLT_DB and DATABASE_URL by default. */
async function migrateCommand(flags: Flags, out: (s: string) => void): Promise<void> {
  const from = flags.from || process.env.SLT_DB || 'var/slt.db';
  const to = flags.to || process.env.DATABASE_URL;
  if (!to) throw new CliError('--to: expected the PostgreSQL database to copy into (postgres://user:password@host:5432/database), or set DATABASE_URL');
  try {
    const r = await migrateToPostgres(from, to);
    const rows = r.tables.reduce((n, t) => n + t.rows, 0);
    const width = Math.max(...r.tables.map((t) => t.name.length));
    out(`${r.tables.map((t) => `${t.name.padEnd(width)}  ${t.rows}`).join('\n')}\n`);
    out(`Kopierte ${from} til ${redactedUrl(to)}: ${r.tables.length} tabeller, ${rows} rader; antallet rader stemmer i hver tabell.\n`
      + 'Start boten med DATABASE_URL fra nå av, og aldri igjen på SQLite-filen.\n');
  } catch (e) {
    if (e instanceof MigrateError) throw new CliError(e.message);
    throw e;
  }
}

/**
 * Runs one CLI command; returns the exit code. Exported for tests. An unexpected error (a bug, a database
 * fault) is one fatal line in `log`, as the bot's own (type, code and stack; its message only where it
 * cannot quote anyone), and exit code 1.
 */
export async function runCli(argv: string[], out: (s: string) => void, err: (s: string) => void, log: Log = cliLog()): Promise<number> {
  const { cmd, flags } = parseFlags(argv);
  try {
    switch (cmd) {
      case 'validate': {
        const all = load();
        out(`Konfigurasjonen er gyldig: ${all.length} kommuner, ${all.reduce((n, m) => n + m.forums.length, 0)} fora, ${all.reduce((n, m) => n + m.members.length, 0)} medlemmer.\n`);
        return 0;
      }
      case 'plan':
        plan(flags, out);
        return 0;
      case 'export':
        await exportCommand(flags, out);
        return 0;
      case 'stats':
        await statsCommand(flags, out);
        return 0;
      case 'backup':
        sqliteOnly('backup');
        await backupCommand(flags, out);
        return 0;
      case 'restore':
        sqliteOnly('restore');
        restoreCommand(flags, out);
        return 0;
      case 'migrate-to-postgres':
        await migrateCommand(flags, out);
        return 0;
      default:
        err(`${cmd ? `Ukjent kommando «${cmd}».\n` : ''}${USAGE}\n`);
        return cmd ? 1 : 0;
    }
  } catch (e) {
    return failure(e, err, log, cmd);
  }
}

/** The operator's log of the CLI: JSON lines on stderr, or readable ones at a terminal; LOG_LEVEL as for the bot. */
function cliLog(): Log {
  const level = LOG_LEVELS.find((l) => l === process.env.LOG_LEVEL);
  return createLogger({ ...(level ? { level } : {}), format: process.stderr.isTTY ? 'pretty' : 'json' });
}

/** The exit code and message of an expected failure; anything else is a bug, logged as such. */
function failure(e: unknown, err: (s: string) => void, log: Log, cmd: string | undefined): number {
  if (e instanceof ConfigError) {
    err(`Konfigurasjonen har feil:\n${e.message}\n`);
    return 1;
  }
  if (e instanceof CliError) {
    err(`${e.message}\n`);
    return 1;
  }
  log.fatal({ event: 'cli.failed', command: cmd?.slice(0, 40), err: e }, `cli: ${cmd?.slice(0, 40) ?? ''} stopped: ${errorSummary(e)}`);
  return 1;
}

if (require.main === module) {
  void runCli(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => {
    process.exitCode = code;
  });
}
