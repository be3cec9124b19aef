/**
 * What the bot keeps of a text a person sends: every typed line and every form value passes here
 * once, in SltBot.handle, before anything reads it. Characters that only serve to hide or disguise
 * text are removed (stripped, not refused: they arrive unseen with pasted text, and refusing a text for
 * a character its writer cannot see helps nobody):
 * - control characters (C0 except tab and line feed, DEL, C1); CR and CR LF become a line feed,
 *   as do the Unicode line and paragraph separators;
 * - format characters (Unicode category Cf): bidi embeddings, overrides and isolates (U+202A–202E,
 *   U+2066–2069) and marks, zero-width spaces, word joiners, soft hyphens, the byte-order mark and
 *   the invisible tag characters; only the zero-width joiner and non-joiner (U+200C, U+200D) stay,
 *   because emoji sequences and some scripts need them;
 * - lone surrogates (half of a character, from a broken client);
 * - the three private-use characters the core marks commands and values with (model/markup.ts), so
 *   nobody's text can pass for one of the bot's command hints.
 * Linear in the length of the text.
 */
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const FORMAT_OR_LONE_SURROGATE = /(?![\u200C\u200D])[\p{Cf}\p{Cs}\uE011-\uE013]/gu;

export function sanitizeText(text: string): string {
  return text.replace(LINE_BREAKS, '\n').replace(CONTROL, '').replace(FORMAT_OR_LONE_SURROGATE, '');
}
