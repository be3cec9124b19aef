import { findPersonalData } from '../model/personal-data-guard';
import { type FormField, type FormSpec, type View, view } from '../model/view';
import type { ViewContext } from './view-context';

/** What the person typed in a field, when it may be shown again: never text the personal-data guard refused. */
function keepTyped(f: FormField, typed: string | undefined): FormField {
  if (!typed?.trim() || findPersonalData(typed).length) return f;
  if (f.choices && !f.choices.some((c) => c.value === typed)) return f;
  return { ...f, initial: typed };
}

/**
 * A form shown again after a refused submission: its own heading, a line asking to correct the marked
 * fields, the error at each field, and everything the person typed (so nothing has to be typed twice),
 * except text refused as personal data, which is never echoed.
 */
export function refusedForm(ctx: Pick<ViewContext, 'msg'>, form: FormSpec, typed: Record<string, string>, errors: Record<string, string>): View {
  const v = view('form', form.title, { lines: [ctx.msg.formFixFields] });
  v.form = { ...form, fields: form.fields.map((f) => keepTyped(f, typed[f.id])) };
  v.fieldErrors = errors;
  return v;
}
