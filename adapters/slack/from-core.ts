import type { Block, KnownBlock, ModalView } from '@slack/types';
import { sanitizeText } from '../../src/core/input/sanitize-text';
import type { Messages } from '../../src/core/i18n';
import { type InlineSyntax, renderInline } from '../../src/core/model/markup';
import type { FormSpec, View } from '../../src/core/model/view';
import { viewToText } from '../../src/core/model/view';

/** Block Kit limits (Block Kit reference): a message or modal beyond them is refused by Slack. */
export const LIMITS = { blocksPerMessage: 50, blocksPerModal: 100, blocksPerHome: 100, sectionText: 3000, header: 150, button: 75, modalTitle: 24, fallbackText: 3000 } as const;

export const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * The one escaping function for Slack, applied to every piece of text that Slack parses (section and
 * context mrkdwn, field errors, the top-level `text` of every post, update, ephemeral and response):
 * &, < and > become entities, so no text can produce <!channel>, <!here>, <@U…>, <#C…> or a
 * disguised link <url|label>; control and bidi characters left in older data are removed.
 * Block headers, buttons and modal labels are plain_text, which Slack does not parse.
 */
export const escape = (s: string) => sanitizeText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A core text in mrkdwn: people's text escaped, a command the core names written as `/slt …` in code,
 * a literal value in code (see src/core/model/markup.ts).
 */
export const SLACK_MRKDWN: InlineSyntax = { text: escape, command: (c) => `\`/slt ${escape(c)}\``, code: (c) => `\`${escape(c)}\`` };
/** The same for plain_text and for the notification text before it is escaped: `/slt …` without code marks. */
export const SLACK_PLAIN: InlineSyntax = { text: (s) => s, command: (c) => `/slt ${c}`, code: (c) => c };

/** A core text as mrkdwn. */
export const mrkdwnOf = (s: string): string => renderInline(s, SLACK_MRKDWN);
/** A core text as plain_text (headers, buttons, labels: Slack does not parse them). */
export const plain = (s: string): string => sanitizeText(renderInline(s, SLACK_PLAIN));

/** Escaped text cut to n characters without splitting an entity (&amp;) in two. */
function cutEscaped(s: string, n: number): string {
  if (s.length <= n) return s;
  let end = n - 1;
  const amp = s.lastIndexOf('&', end);
  if (amp >= 0 && amp > end - 5 && s.indexOf(';', amp) >= end) end = amp;
  return `${s.slice(0, end)}…`;
}

/** A mrkdwn text object: verbatim, so Slack does not turn plain words into links or mentions on its own. */
export const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text, verbatim: true });

/** Lines as section blocks of at most 3000 characters each, never splitting a line unless it is itself too long. */
export function sections(lines: string[], heading?: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  let buf = heading ? `*${mrkdwnOf(heading)}*` : '';
  const flush = () => {
    if (buf) out.push({ type: 'section', text: mrkdwn(buf) });
    buf = '';
  };
  for (const raw of lines) {
    const line = cutEscaped(mrkdwnOf(raw), LIMITS.sectionText);
    if (buf && buf.length + 1 + line.length > LIMITS.sectionText) flush();
    buf = buf ? `${buf}\n${line}` : line;
  }
  flush();
  return out;
}

/** Decision buttons carry the item reference; Bolt routes them by action_id `slt_<verb>`. */
export function actionBlocks(v: View): KnownBlock[] {
  if (!v.actions?.length) return [];
  return [{
    type: 'actions',
    block_id: `slt_actions:${v.itemRef ?? ''}`,
    elements: v.actions.map((a) => ({
      type: 'button' as const,
      action_id: `slt_${a.verb}`,
      text: { type: 'plain_text' as const, text: cut(plain(a.label), LIMITS.button) },
      value: a.itemRef,
      ...(a.style ? { style: a.style } : {}),
    })),
  }];
}

/** One core view as Block Kit blocks (possibly more than one message's worth: see toMessages). */
export function viewToBlocks(v: View): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (v.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: cut(plain(v.title), LIMITS.header) } });
  for (const s of v.sections) blocks.push(...sections(s.lines, s.heading));
  if (v.fieldErrors) blocks.push(...sections(Object.values(v.fieldErrors)));
  // the links the bot shows: the calendar feed (from PUBLIC_URL), the consent form (configuration) and the link
  // back to the message an item was made from (an https link the core checked, sourceLinkOf): |, < and > cannot
  // end the link, and & is escaped as everywhere in mrkdwn
  if (v.link) blocks.push({ type: 'section', text: mrkdwn(`<${v.link.url.replace(/[|<>]/g, encodeURIComponent).replace(/&/g, '&amp;')}|${escape(plain(v.link.label))}>`) });
  if (v.attachment) blocks.push({ type: 'context', elements: [mrkdwn(escape(v.attachment.filename))] });
  blocks.push(...actionBlocks(v));
  return blocks;
}

export interface SlackMessage {
  text: string;
  blocks: (KnownBlock | Block)[];
}

/** Options for every post: a link in someone's text is never unfolded into a preview of the page it points to. */
export const POST_OPTIONS = { unfurl_links: false, unfurl_media: false } as const;

/** A view as one or more messages of at most 50 blocks; the buttons always stay with the last one. */
export function toMessages(v: View): SlackMessage[] {
  const blocks = viewToBlocks(v);
  // the top-level text is what notifications, previews and screen readers show: Slack parses it like mrkdwn
  const text = cutEscaped(escape(viewToText({ ...v, actions: [] }, SLACK_PLAIN)), LIMITS.fallbackText);
  const out: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage) {
    out.push({ text: i === 0 ? text : cutEscaped(escape(`${plain(v.title ?? '')} (${i / LIMITS.blocksPerMessage + 1})`), LIMITS.fallbackText), blocks: blocks.slice(i, i + LIMITS.blocksPerMessage) });
  }
  return out.length ? out : [{ text: text || ' ', blocks: [] }];
}

/**
 * The message that shares a file (files.completeUploadExternal `blocks`): the view without the file's
 * name (Slack shows the file itself) and with its title as a bold section, since Slack documents
 * section and rich-text blocks for file messages. An invitation is a handful of blocks.
 */
export function fileMessageBlocks(v: View): KnownBlock[] {
  const { attachment: _file, title, ...rest } = v;
  return [...(title ? sections([], title) : []), ...viewToBlocks(rest)].slice(0, LIMITS.blocksPerMessage);
}

/** Several views (a command's reply) as messages. */
export const viewsToMessages = (views: View[]): SlackMessage[] => views.flatMap(toMessages);

export interface ModalMeta {
  /** 'form' for core forms, 'text' for a reason/question before reject/ask */
  kind: 'form' | 'text';
  formId?: string;
  context?: Record<string, string>;
  channel?: string;
  /** the message whose buttons opened this modal (updated in place after the decision) */
  messageChannel?: string;
  messageTs?: string;
  verb?: string;
  ref?: string;
  /** opened from the App Home or a shortcut: the answer is shown in the modal (there may be no channel to answer in), and the Home is published again */
  answerInModal?: boolean;
}

/** A core FormSpec as a modal; each field is an input block whose block_id is the field id. */
/** `msg`: the reader's catalog (the modal's close button is in their language). */
export function formToModal(form: FormSpec, meta: ModalMeta, msg: Pick<Messages, 'formCancel'>): ModalView {
  const notes = sections(form.notes ?? []);
  const inputs: KnownBlock[] = form.fields.map((f) => {
    const label = { type: 'plain_text' as const, text: cut(plain(f.label), 2000) };
    const hint = f.hint ? { hint: { type: 'plain_text' as const, text: cut(plain(f.hint), 2000) } } : {};
    if (f.choices) {
      const options = f.choices.slice(0, 100).map((c) => ({ text: { type: 'plain_text' as const, text: cut(plain(c.label), 75) }, value: c.value }));
      const initial = options.find((o) => o.value === (f.initial ?? f.choices?.[0]?.value));
      return { type: 'input', block_id: f.id, label, optional: !f.required, ...hint,
        element: { type: 'static_select', action_id: 'value', options, ...(initial ? { initial_option: initial } : {}) } };
    }
    return { type: 'input', block_id: f.id, label, optional: !f.required, ...hint,
      element: { type: 'plain_text_input', action_id: 'value', multiline: f.kind === 'textarea', ...(f.maxLength ? { max_length: f.maxLength } : {}), ...(f.initial ? { initial_value: f.initial } : {}) } };
  });
  return {
    type: 'modal',
    callback_id: 'slt_form',
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: cut(plain(form.title), LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: cut(plain(form.submitLabel), LIMITS.modalTitle) },
    close: { type: 'plain_text', text: cut(msg.formCancel, LIMITS.modalTitle) },
    blocks: [...notes, ...inputs].slice(0, LIMITS.blocksPerModal),
  };
}


/** A read-only modal showing a reply (opened from the App Home, where there is no channel to answer in): no buttons. */
export function replyModal(views: View[], title: string, closeLabel: string): ModalView {
  const blocks = views.flatMap((v) => viewToBlocks({ ...v, actions: [] }));
  return {
    type: 'modal',
    callback_id: 'slt_reply',
    title: { type: 'plain_text', text: cut(plain(title), LIMITS.modalTitle) },
    close: { type: 'plain_text', text: cut(closeLabel, LIMITS.modalTitle) },
    blocks: blocks.length > LIMITS.blocksPerModal ? [...blocks.slice(0, LIMITS.blocksPerModal - 1), { type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] }] : blocks,
  };
}
