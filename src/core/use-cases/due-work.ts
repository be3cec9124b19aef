import type { DateTime } from 'luxon';
import type { UseCaseContext } from './context';

/** One piece of due work: when it is due, until when it is useful, and what it enqueues (in the transaction of `ctx`). */
export interface DueWork {
  key: string;
  at: string;
  usefulUntil: string;
  run(ctx: UseCaseContext): Promise<void>;
}

export const iso = (d: DateTime): string => d.toUTC().toISO() as string;
