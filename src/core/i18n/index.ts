import type { Language } from '../model/primitives';
import { en } from './en';
import { nb, type Messages } from './nb';
import { nn } from './nn';

const catalogs: Record<Language, Messages> = { nb, nn, en };

/** The message catalog of a language (bokmål when in doubt). */
export const messages = (lang: Language | undefined): Messages => catalogs[lang ?? 'nb'];
export type { Messages };
