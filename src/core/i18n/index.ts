import type { Language } from '../model/primitives';
import { nb, type Messages } from './nb';

const catalogs: Record<Language, Messages> = { nb, nn: nb, en: nb };

/** The message catalog of a language (bokmål when in doubt). */
export const messages = (lang: Language | undefined): Messages => catalogs[lang ?? 'nb'] ?? nb;
export type { Messages };
