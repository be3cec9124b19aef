/**
 * The one escaping function for the console: a terminal obeys control characters (ESC sequences can
 * recolour, move the cursor, clear the screen or retitle the window), so none is ever written raw.
 * Control characters are shown as their Unicode pictures (ESC as ␛, NUL as ␀, DEL as ␡); C1 controls,
 * bidi and other invisible format characters and lone surrogates as <U+XXXX>. Line feeds and tabs stay.
 */
const C0_AND_DEL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
const C1_FORMAT_OR_LONE_SURROGATE = /[\u0080-\u009F]|(?![\u200C\u200D])\p{Cf}|\p{Cs}/gu;

const picture = (c: string): string => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0));
const codePoint = (c: string): string => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

export const visible = (s: string): string => s.replace(C0_AND_DEL, picture).replace(C1_FORMAT_OR_LONE_SURROGATE, codePoint);
