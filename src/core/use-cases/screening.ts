import type { Messages } from '../i18n';
import { findPersonalData, type PersonalDataKind } from '../model/personal-data-guard';
import { TEXT_MAX } from '../input/input-limits';
import { refused } from './user-error';

/** The kinds of personal data found, named in a sentence ("et telefonnummer og en e-postadresse"). */
export function personalDataNames(ctx: { msg: Messages }, kinds: readonly PersonalDataKind[]): string {
  const names = kinds.map((k) => ctx.msg.personalDataKind[k]!);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} ${ctx.msg.and} ${names.at(-1)}` : names[0]!;
}

/**
 * The length check and the personal-data guard for one free-text field, in that order (the guard
 * never reads a text over the field's limit); a message, or undefined when fine.
 */
export function textProblem(ctx: { msg: Messages }, label: string, text: string, max: number): string | undefined {
  if (text.length > max) return ctx.msg.tooLong(label, max);
  const kinds = findPersonalData(text);
  if (kinds.length) return ctx.msg.personalData(personalDataNames(ctx, kinds));
  return undefined;
}

/** Screen a free text or refuse the whole request (the text is not echoed, stored or logged). */
export function screened(ctx: { msg: Messages }, label: string, text: string, max = TEXT_MAX): string {
  const problem = textProblem(ctx, label, text, max);
  if (problem) throw refused(problem);
  return text;
}
