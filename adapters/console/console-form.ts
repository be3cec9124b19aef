import type { Messages } from '../../src/core/i18n';
import type { FormField, FormSpec } from '../../src/core/model/view';

/**
 * A core form asked one field at a time in the terminal: numbered choices, Enter to keep the
 * default or skip an optional field, "avbryt" to cancel.
 */
export class ConsoleForm {
  private index = 0;
  readonly values: Record<string, string>;

  /** `only`: ask just these fields (a retry after errors), keeping `previous` answers for the rest */
  constructor(readonly spec: FormSpec, private readonly msg: Messages, private readonly only?: readonly string[], previous: Record<string, string> = {}) {
    this.values = { ...previous };
    for (const id of only ?? []) delete this.values[id];
    this.skipToNext();
  }

  get done(): boolean {
    return this.index >= this.spec.fields.length;
  }

  private get field(): FormField | undefined {
    return this.spec.fields[this.index];
  }

  private skipToNext(): void {
    while (this.field && this.only && !this.only.includes(this.field.id)) this.index++;
  }

  /** The question for the current field. */
  question(): string {
    const f = this.field!;
    const lines = [`${f.label}${f.required ? ' *' : ''}${f.hint ? ` (${f.hint})` : ''}`];
    f.choices?.forEach((c, i) => lines.push(`  ${i + 1}) ${c.label}${c.value === (f.initial ?? f.choices?.[0]?.value) ? ` [${this.msg.formDefault}]` : ''}`));
    return `${lines.join('\n')}\n`;
  }

  /** Take an answer; returns an error text when it cannot be used (the same question is asked again). */
  answer(raw: string): string | undefined {
    const f = this.field!;
    const text = raw.trim();
    if (f.choices) {
      const fallback = f.initial ?? f.choices[0]?.value;
      const n = Number(text);
      const choice = !text ? fallback
        : Number.isInteger(n) && n >= 1 && n <= f.choices.length ? f.choices[n - 1]!.value
        : f.choices.find((c) => c.value === text.toLowerCase() || c.label.toLowerCase() === text.toLowerCase())?.value;
      if (!choice) return this.msg.formChooseNumber(f.choices.length);
      this.values[f.id] = choice;
    } else {
      if (!text && f.required) return `${f.label} ${this.msg.required}`;
      if (text) this.values[f.id] = text;
    }
    this.index++;
    this.skipToNext();
    return undefined;
  }
}
