import type { Block, KnownBlock, ModalView } from '@slack/types';
import type { FormSpec, View } from '../../src/core/views';
import { viewToText } from '../../src/core/views';

/** Block Kit limits (Block Kit reference): a message or modal beyond them is refused by Slack. */
export const LIMITS = { blocksPerMessage: 50, blocksPerModal: 100, sectionText: 3000, header: 150, button: 75, modalTitle: 24, fallbackText: 3000 } as const;

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
/** Slack's mrkdwn needs &, < and > escaped; everything else is shown as written. */
export const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Lines as section blocks of at most 3000 characters each, never splitting a line unless it is itself too long. */
function sections(lines: string[], heading?: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  let buf = heading ? `*${escape(heading)}*` : '';
  const flush = () => {
    if (buf) out.push({ type: 'section', text: { type: 'mrkdwn', text: buf } });
    buf = '';
  };
  for (const raw of lines) {
    const line = cut(escape(raw), LIMITS.sectionText);
    if (buf && buf.length + 1 + line.length > LIMITS.sectionText) flush();
    buf = buf ? `${buf}\n${line}` : line;
  }
  flush();
  return out;
}

/** Decision buttons carry the item reference; Bolt routes them by action_id `slt_<verb>`. */
function actionBlocks(v: View): KnownBlock[] {
  if (!v.actions?.length) return [];
  return [{
    type: 'actions',
    block_id: `slt_actions:${v.itemRef ?? ''}`,
    elements: v.actions.map((a) => ({
      type: 'button' as const,
      action_id: `slt_${a.verb}`,
      text: { type: 'plain_text' as const, text: cut(a.label, LIMITS.button) },
      value: a.itemRef,
      ...(a.style ? { style: a.style } : {}),
    })),
  }];
}

/** One core view as Block Kit blocks (possibly more than one message's worth: see toMessages). */
export function viewToBlocks(v: View): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (v.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: cut(v.title, LIMITS.header) } });
  for (const s of v.sections) blocks.push(...sections(s.lines, s.heading));
  if (v.fieldErrors) blocks.push(...sections(Object.values(v.fieldErrors)));
  if (v.link) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${v.link.url}|${escape(v.link.label)}>` } });
  if (v.attachment) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escape(v.attachment.filename) }] });
  blocks.push(...actionBlocks(v));
  return blocks;
}

export interface SlackMessage {
  text: string;
  blocks: (KnownBlock | Block)[];
}

/** A view as one or more messages of at most 50 blocks; the buttons always stay with the last one. */
export function toMessages(v: View): SlackMessage[] {
  const blocks = viewToBlocks(v);
  const text = cut(viewToText({ ...v, actions: [] }), LIMITS.fallbackText);
  const out: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage) {
    out.push({ text: i === 0 ? text : cut(`${v.title ?? ''} (forts.)`, LIMITS.fallbackText), blocks: blocks.slice(i, i + LIMITS.blocksPerMessage) });
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
  const heading: KnownBlock[] = title ? [{ type: 'section', text: { type: 'mrkdwn', text: `*${escape(cut(title, LIMITS.header))}*` } }] : [];
  return [...heading, ...viewToBlocks(rest)].slice(0, LIMITS.blocksPerMessage);
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
}

/** A core FormSpec as a modal; each field is an input block whose block_id is the field id. */
export function formToModal(form: FormSpec, meta: ModalMeta, closeLabel = 'Avbryt'): ModalView {
  const blocks: KnownBlock[] = form.fields.map((f) => {
    const label = { type: 'plain_text' as const, text: cut(f.label, 2000) };
    const hint = f.hint ? { hint: { type: 'plain_text' as const, text: cut(f.hint, 2000) } } : {};
    if (f.choices) {
      const options = f.choices.slice(0, 100).map((c) => ({ text: { type: 'plain_text' as const, text: cut(c.label, 75) }, value: c.value }));
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
    title: { type: 'plain_text', text: cut(form.title, LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: cut(form.submitLabel, LIMITS.modalTitle) },
    close: { type: 'plain_text', text: cut(closeLabel, LIMITS.modalTitle) },
    blocks: blocks.slice(0, LIMITS.blocksPerModal),
  };
}

