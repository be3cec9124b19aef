import type { Language } from '../model/primitives';
import { en } from './en';
import { nb, type Messages } from './nb';
import { nn } from './nn';

const catalogs: Record<Language, Messages> = { nb, nn, en };

/** The message catalog of a language (bokmål when in doubt). */
export const messages = (lang: Language | undefined): Messages => catalogs[lang ?? 'nb'];
export type { Messages };

/** The name of a stored value (a category or state read back as text) in a typed table of names; undefined for an unknown one. */
export const nameOf = <K extends string>(names: Readonly<Record<K, string>>, key: string | undefined): string | undefined =>
  (key !== undefined && Object.hasOwn(names, key) ? names[key as K] : undefined);
