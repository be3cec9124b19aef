import { sanitizeText } from '../../src/core/input/sanitize-text';
import { type InlineSyntax, renderInline, segments } from '../../src/core/model/markup';
import type { FormSpec, ItemAction, View } from '../../src/core/model/view';

/** An Adaptive Card (schema 1.5) as plain JSON. */
export type Card = Record<string, unknown> & { type: 'AdaptiveCard'; version: '1.5'; body: Record<string, unknown>[]; fallbackText: string };

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * The one escaping function for Teams. Every text of a view is shown as a TextRun in a RichTextBlock:
 * unlike a TextBlock, a TextRun renders no Markdown (no [label](url) links, no **emphasis**, no lists),
 * so nobody's text can disguise a link or restyle a card. Control and bidi characters left in older
 * data are removed, and the card's {{DATE(…)}}/{{TIME(…)}} functions are broken up so they show as written.
 */
export const teamsText = (t: string): string => sanitizeText(t).replace(/\{\{/g, '{\u200b{');

/** Style of a text run (size, weight, colour…) and of the block around it (spacing, separator). */
type RunStyle = Partial<Record<'size' | 'weight' | 'color' | 'isSubtle', string | boolean>>;
type BlockStyle = Partial<Record<'spacing' | 'separator', string | boolean>>;

/**
 * How Teams writes a command the core names: as a person types it in a channel, `@SLT <command>` (in a
 * chat with the bot the mention may be left out; the grammar takes both). Plain, for labels and titles.
 */
export const TEAMS_PLAIN: InlineSyntax = { text: (s) => s, command: (c) => `@SLT ${c}`, code: (c) => c };
/** A core text as plain text for Teams (labels, titles, the notification summary). */
export const teamsPlain = (t: string): string => teamsText(renderInline(t, TEAMS_PLAIN));

/**
 * A core text as a RichTextBlock: people's text as plain TextRuns, a command (`@SLT …`) and a literal
 * value as monospace runs. A TextBlock would render Markdown and show backticks literally; runs render neither.
 */
const text = (t: string, run: RunStyle = {}, block: BlockStyle = {}) => ({
  type: 'RichTextBlock',
  inlines: segments(t).map((p) => (p.kind === 'text'
    ? { type: 'TextRun', text: teamsText(p.text), ...run }
    : { type: 'TextRun', text: teamsText(p.kind === 'command' ? `@SLT ${p.text}` : p.text), fontType: 'Monospace', ...run })),
  ...block,
});

function execute(a: ItemAction): Record<string, unknown> {
  return {
    type: 'Action.Execute', title: teamsPlain(a.label), verb: a.verb, data: { ref: a.itemRef },
    ...(a.style === 'primary' ? { style: 'positive' } : a.style === 'danger' ? { style: 'destructive' } : {}),
  };
}

function formInputs(form: FormSpec, errors: Record<string, string> = {}): Record<string, unknown>[] {
  return [...(form.notes ?? []).map((n) => text(n, {}, { spacing: 'Small' })), ...form.fields.flatMap((f) => {
    const required = { isRequired: f.required, ...(f.required && f.missing ? { errorMessage: teamsPlain(f.missing) } : {}) };
    const input = f.choices
      ? { type: 'Input.ChoiceSet', id: f.id, label: teamsPlain(f.label), ...required, style: 'compact',
        choices: f.choices.map((c) => ({ title: teamsPlain(c.label), value: c.value })), value: f.initial ?? f.choices[0]?.value ?? '' }
      : { type: 'Input.Text', id: f.id, label: teamsPlain(f.label), ...required, isMultiline: f.kind === 'textarea',
        ...(f.maxLength ? { maxLength: f.maxLength } : {}), ...(f.initial ? { value: f.initial } : {}) };
    return [input, ...(f.hint ? [text(f.hint, { isSubtle: true, size: 'Small' }, { spacing: 'None' })] : []),
      ...(errors[f.id] ? [text(errors[f.id]!, { color: 'Attention' }, { spacing: 'None' })] : [])];
  })];
}

/**
 * A core view as an Adaptive Card. Decision buttons (Action.Execute) are shown only to
 * `deciderTeamsIds` through refresh.userIds: everyone else sees the card without them, and the
 * deciders' Teams clients ask for the full card with the `refresh` verb. `dialog`: the card is shown in
 * a task module, where a form is submitted with Action.Submit.
 */
export function viewToCard(v: View, opts: { deciderTeamsIds?: string[]; withButtons?: boolean; dialog?: boolean } = {}): Card {
  return viewCard(v, opts, summaryOf([v]));
}

/** A view's card with the summary given (viewsToCard makes one summary for all its views, not one per view). */
function viewCard(v: View, opts: { deciderTeamsIds?: string[]; withButtons?: boolean; dialog?: boolean }, summary: { fallbackText: string; speak: string }): Card {
  const body: Record<string, unknown>[] = [];
  if (v.title) body.push(text(v.title, { size: 'Medium', weight: 'Bolder' }));
  for (const s of v.sections) {
    if (s.heading) body.push(text(s.heading, { weight: 'Bolder' }, { spacing: 'Medium' }));
    for (const line of s.lines) body.push(text(line, v.kind === 'error' ? { color: 'Attention' } : {}, { spacing: 'Small' }));
  }
  if (v.attachment) body.push(text(v.attachment.filename, { isSubtle: true, size: 'Small' }));
  const actions: Record<string, unknown>[] = [];
  // the links the bot shows (the calendar feed from PUBLIC_URL, the consent form from the configuration, the
  // link back to the message an item was made from, an https link the core checked): a button, not Markdown
  if (v.link) actions.push({ type: 'Action.OpenUrl', title: teamsPlain(v.link.label), url: v.link.url });
  if (v.form) {
    body.push(...formInputs(v.form, v.fieldErrors));
    // in a dialog (a message extension's task module) a form is sent with Action.Submit (composeExtension/submitAction)
    actions.push(opts.dialog
      ? { type: 'Action.Submit', title: teamsPlain(v.form.submitLabel), data: { formId: v.form.id, context: v.form.context } }
      : { type: 'Action.Execute', title: teamsPlain(v.form.submitLabel), verb: 'form', data: { formId: v.form.id, context: v.form.context } });
  } else if (v.fieldErrors) {
    for (const e of Object.values(v.fieldErrors)) body.push(text(e, { color: 'Attention' }));
  }
  const card: Card = { type: 'AdaptiveCard', $schema: SCHEMA, version: '1.5', ...summary, body };
  const buttons = (v.actions ?? []).map(execute);
  if (buttons.length && opts.withButtons) actions.push(...buttons);
  if (buttons.length && !opts.withButtons && opts.deciderTeamsIds?.length && v.itemRef) {
    card.refresh = { action: { type: 'Action.Execute', verb: 'refresh', data: { ref: v.itemRef } }, userIds: opts.deciderTeamsIds.slice(0, 60) };
  }
  if (actions.length) card.actions = actions;
  return card;
}

/** The longest notification preview text a card carries (fallbackText and speak). */
const SUMMARY_MAX = 1000;

/**
 * What a card says without being drawn: `fallbackText` (clients that cannot render it, notification
 * previews) and `speak` (screen readers), the views' plain text in Teams' syntax.
 */
function summaryOf(views: View[]): { fallbackText: string; speak: string } {
  const full = views.flatMap((v) => [v.title ?? '', ...v.sections.flatMap((s) => [s.heading ?? '', ...s.lines])]).filter(Boolean).map(teamsPlain).join('\n');
  const short = full.length <= SUMMARY_MAX ? full : `${full.slice(0, SUMMARY_MAX - 1)}…`;
  return { fallbackText: short, speak: short };
}

/** The notification's preview line of a card: the first line of its fallback text. */
export const summaryLine = (card: Card): string => card.fallbackText.split('\n').find((l) => l.trim())?.slice(0, 200) ?? '';

/** Plain text of a card (tests and the notification fallback). */
export function cardText(card: Record<string, unknown>): string {
  const out: string[] = [];
  for (const b of (card.body as Record<string, unknown>[] | undefined) ?? []) {
    if (b.type === 'TextBlock') out.push(String(b.text));
    if (b.type === 'RichTextBlock') out.push((b.inlines as { text?: string }[]).map((r) => r.text ?? '').join(''));
    if (typeof b.label === 'string') out.push(b.label);
  }
  return out.join('\n');
}

/** Several views (a command's reply) as one card: their bodies in order, the actions of the last one that has any. */
export function viewsToCard(views: View[], opts: { withButtons?: boolean } = {}): Card {
  const summary = summaryOf(views);
  const cards = views.map((v) => viewCard(v, opts, summary));
  const body = cards.flatMap((c, i) => (i ? [{ type: 'TextBlock', text: ' ', spacing: 'Medium', separator: true }, ...c.body] : c.body));
  const withActions = [...cards].reverse().find((c) => c.actions);
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: '1.5', ...summary, body, ...(withActions ? { actions: withActions.actions } : {}) };
}
