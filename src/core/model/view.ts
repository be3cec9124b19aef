import { cmd, type InlineSyntax, renderInline } from './markup';
/**
 * Platform-neutral replies. The core decides what to say; adapters only decide how it looks
 * (Block Kit, Adaptive Card, plain text).
 */
export type ViewKind = 'help' | 'list' | 'meeting' | 'agenda' | 'item' | 'success' | 'error' | 'info' | 'form' | 'log' | 'home';

export interface Section {
  heading?: string;
  lines: string[];
}

/** A decision button on an item card, shown only to people who may press it. */
export interface ItemAction {
  verb: 'approve' | 'reject' | 'defer' | 'ask';
  itemRef: string;
  label: string;
  /** the command line the button stands for, e.g. "approve TUT-2027-014" */
  command: string;
  /** the verb needs a text from the user (reason, question) */
  needsText?: { label: string };
  style?: 'primary' | 'danger';
}

export interface FormField {
  id: string;
  label: string;
  kind: 'text' | 'textarea' | 'choice';
  required: boolean;
  choices?: { value: string; label: string }[];
  hint?: string;
  /** the value shown at first; for a choice, '' means none is chosen (the person must pick one), undefined the first */
  initial?: string;
  maxLength?: number;
  /** what the platform says when a required field is left empty ("Tittel må fylles ut") */
  missing?: string;
}

/** A form the platform should show (Slack modal, Teams card, console questions). */
export interface FormSpec {
  /** 'agenda-add': submit an item; 'decision-text': the reason or question a reject/ask needs */
  id: 'agenda-add' | 'decision-text';
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** hidden context the submission must carry back, e.g. the forum */
  context: Record<string, string>;
  /** lines shown above the fields (e.g. why a prefilled text was left out) */
  notes?: string[];
}

/**
 * A button on a person's home view: submit an item (to one forum, or choosing among theirs) or open a
 * forum's agenda. `forum` is "<municipality>/<forum>".
 */
export interface HomeButton {
  kind: 'submit' | 'agenda';
  label: string;
  forum?: string;
}

/** A list on a home view, cut to a few lines; `more` says how many more there are and where to see them. */
export interface HomeList {
  heading: string;
  lines: string[];
  more?: string;
}

/** One forum on a person's home view: its next meeting and deadline, buttons, and what waits for them there. */
export interface HomePanel {
  heading: string;
  lines: string[];
  buttons: HomeButton[];
  /** items waiting for this person's decision: one card each, with the same buttons as the DM cards */
  decide?: { heading: string; cards: View[]; more?: string };
  /** their own items, their open actions */
  lists: HomeList[];
}

/**
 * What a person's home view shows (Slack's App Home): per forum of theirs, the next meeting and its
 * referral deadline, items waiting for their decision, their own items and their open actions.
 * Platforms without a home show the view's sections instead (the same content as text).
 */
export interface HomeSpec {
  intro: string[];
  buttons: HomeButton[];
  panels: HomePanel[];
  /** said where a platform cannot show everything */
  truncated: string;
}

export interface View {
  kind: ViewKind;
  title?: string;
  sections: Section[];
  actions?: ItemAction[];
  form?: FormSpec;
  /** errors per form field, when a form submission was refused */
  fieldErrors?: Record<string, string>;
  /** the item this view is about (lets adapters update its card in place) */
  itemRef?: string;
  /** member ids who may press the actions (platforms that can, show the buttons only to them) */
  actionsFor?: string[];
  /**
   * A file that goes with the message, e.g. an invitation's iCalendar file. `meetingId`: the meeting it
   * is of (a platform that hands the file over later, like Teams after the person accepts it, asks the
   * core for the meeting's file as it is then); `description`: a sentence saying what the file is.
   */
  attachment?: { filename: string; contentType: string; content: string; meetingId?: string; description?: string };
  /** a link that goes with the message, e.g. the forum's calendar feed */
  link?: { label: string; url: string };
  /** a person's home view (kind 'home'); `sections` carry the same content as text */
  home?: HomeSpec;
  /**
   * A channel post to keep pinned where a bot may pin (Slack; in Teams only people pin): it takes the place
   * of the bot's earlier pin of the same group in that channel (e.g. the forum's current agenda).
   */
  pin?: { group: string };
}

export const view = (kind: ViewKind, title: string | undefined, ...sections: Section[]): View =>
  ({ kind, ...(title ? { title } : {}), sections });
export const errorView = (text: string): View => view('error', undefined, { lines: [text] });

/** What the requester sees. Private by default; nothing private is ever posted in a channel by a reply. */
export interface Reply {
  views: View[];
  /**
   * Cases whose erasable texts (title, description, reason, question, answer, consent details) this
   * reply shows. A platform that keeps the reply as a message (a Teams personal chat) reports it with
   * SltBot.rememberDelivered, so retention can edit that message when the case is erased.
   */
  revealsCases?: string[];
}

/**
 * Plain-text rendering, used by the console and as notification fallback text on every platform:
 * commands and values written in the platform's `syntax` (see i18n/markup.ts).
 */
export function viewToText(v: View, syntax: InlineSyntax): string {
  const out: string[] = [];
  if (v.title) out.push(`== ${v.title} ==`);
  for (const s of v.sections) {
    if (s.heading) out.push(`-- ${s.heading}`);
    out.push(...s.lines);
  }
  if (v.form) {
    out.push(`[${v.form.title}]`, ...(v.form.notes ?? []));
    for (const f of v.form.fields) out.push(`  ${f.label}${f.required ? ' *' : ''}${f.hint ? ` (${f.hint})` : ''}`);
  }
  if (v.fieldErrors) for (const [field, msg] of Object.entries(v.fieldErrors)) out.push(`! ${field}: ${msg}`);
  if (v.link) out.push(`${v.link.label}: ${v.link.url}`);
  if (v.attachment) out.push(`📎 ${v.attachment.filename}`);
  if (v.actions?.length) out.push(v.actions.map((a) => `[${a.label}: ${cmd(`${a.command}${a.needsText ? ' <…>' : ''}`)}]`).join(' '));
  return out.map((line) => renderInline(line, syntax)).join('\n');
}
