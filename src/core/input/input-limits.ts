/**
 * Limits on what a person can send, checked before anything else reads the text (the grammar and
 * the personal-data guard included), so no text can make the bot work for long. Each field has its
 * own, smaller limit besides (TITLE_MAX, TEXT_MAX).
 */

/** an item's title */
export const TITLE_MAX = 150;
/** a description, reason, question, answer, note, decision or action */
export const TEXT_MAX = 2000;

/** a whole typed command line (the longest real command is a title, a description and a few flags) */
export const LINE_MAX = 4000;
/** one value of a submitted form (forms ask for at most a description's 2,000 characters) */
export const FORM_VALUE_MAX = LINE_MAX;
/** values (and hidden context entries) in one submitted form */
export const FORM_ENTRIES_MAX = 20;
/** a flag's value: the consent's texts (--legal-basis, --agencies, --covers, --purpose), otherwise names, numbers and dates */
const FLAG_MAX: Record<string, number> = { 'legal-basis': 500, agencies: 500, covers: 500, purpose: 500 };
export const flagMax = (flag: string): number => FLAG_MAX[flag] ?? 100;
/** a platform's delivery id; a longer one is kept as its hash */
export const REQUEST_ID_MAX = 200;
/** how much of a word the bot repeats back in an error ("Finner ikke forumet «…»") */
export const ECHO_MAX = 40;

/** A piece of the user's text as it may be repeated in a reply: at most ECHO_MAX characters. */
export const clip = (s: string, max = ECHO_MAX): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
