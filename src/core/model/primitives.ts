import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** Small validated building blocks of the configuration and commands. */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** luxon weekday number (1 = Monday) of a weekday name. */
export const weekdayNumber = (w: Weekday): number => WEEKDAYS.indexOf(w) + 1;

export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected an id of lowercase letters a-z, digits and dashes, e.g. "tut" or "skolemote-lund"');

export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM, e.g. "09:00"');

export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD, e.g. "2027-01-13"')
  .refine((s) => DateTime.fromISO(s).isValid, 'expected a real calendar date (YYYY-MM-DD)');

/** A date as the commands and the configuration write it: YYYY-MM-DD, and a real one. The one date pattern of the code. */
export const isIsoDate = (s: string): boolean => LocalDate.safeParse(s).success;

export const TimeZone = z
  .string()
  .refine((s) => IANAZone.isValidZone(s), 'expected an IANA time zone such as "Europe/Oslo"');

export const Language = z.enum(['nb', 'nn', 'en']);
export type Language = z.infer<typeof Language>;

export const Weekday = z.enum(WEEKDAYS);

export const Month = z.number().int().min(1, 'expected a month number 1-12').max(12, 'expected a month number 1-12');
