import type { DateTime } from 'luxon';

/** One piece of due work: when it is due, until when it is useful, and what it enqueues. */
export interface DueWork {
  key: string;
  at: string;
  usefulUntil: string;
  run(): void;
}

export const iso = (d: DateTime): string => d.toUTC().toISO() as string;
