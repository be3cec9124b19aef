import { BackupError, backupDatabase, restoreDatabase } from '../store/sqlite/backup';
import { CliError } from './report-commands';

const dbFile = () => process.env.SLT_DB ?? 'var/slt.db';

const required = (flags: Record<string, string>, name: string, example: string): string => {
  const v = flags[name];
  if (!v) throw new CliError(`--${name}: expected a file, e.g. --${name} ${example}`);
  return v;
};

/** `backup --out <file>`: an online, consistent copy of SLT_DB (mode 0600), while the bot may run. */
export async function backupCommand(flags: Record<string, string>, out: (s: string) => void): Promise<void> {
  const file = required(flags, 'out', '/var/backups/slt/slt-2027-01-31.db');
  try {
    const r = await backupDatabase(dbFile(), file);
    out(`Sikkerhetskopi av ${dbFile()} skrevet til ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB, skjemaversjon ${r.schemaVersion}, bare lesbar for eieren).\n`);
  } catch (e) {
    throw e instanceof BackupError ? new CliError(e.message) : e;
  }
}

/** `restore --from <file>`: check a backup and put it in place as SLT_DB, with the bot stopped. */
export function restoreCommand(flags: Record<string, string>, out: (s: string) => void): void {
  const file = required(flags, 'from', '/var/backups/slt/slt-2027-01-31.db');
  try {
    const r = restoreDatabase(file, dbFile(), new Date());
    const start = r.needsNewDatabaseFlag
      ? 'Dette er ikke databasen som sist ble brukt her (se identitetsmarkøren ved siden av den): start boten én gang med --new-database (eller SLT_NEW_DATABASE=yes) for å ta den i bruk.'
      : 'Start boten.';
    out(`${file} er kontrollert og lagt inn som ${dbFile()} (skjemaversjon ${r.schemaVersion}).${r.previous ? ` Databasen den erstattet, er beholdt som ${r.previous}.` : ''} ${start} En eldre skjemaversjon oppgraderes ved oppstart.\n`);
  } catch (e) {
    throw e instanceof BackupError ? new CliError(e.message) : e;
  }
}
