/**
 * Block Kit's structure and limits as the Block Kit reference states them (Slack ships no JSON schema),
 * for the fake Web API to refuse what Slack would refuse (`invalid_blocks` / `invalid_arguments`).
 * Checked: view and message block counts (home and modal 100, message 50), known block and element
 * types, text objects (type, non-empty, length), block ids (≤ 255, unique in a view), header ≤ 150,
 * section text ≤ 3000 (fields ≤ 10 × 2000), buttons (text ≤ 75, value ≤ 2000, style), actions ≤ 25
 * elements with action ids unique in the block, context ≤ 10 elements, inputs (label and hint ≤ 2000,
 * plain_text_input max_length ≤ 3000 and initial_value within it, static_select 1–100 options of ≤ 75
 * characters and an initial_option among them), modal title/submit/close ≤ 24 (submit required with
 * inputs), private_metadata ≤ 3000, callback_id ≤ 255, and the keys a home view may have.
 */

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function text(where: string, t: unknown, max: number, problems: string[], plainOnly = false): void {
  if (!isObj(t)) {
    problems.push(`${where}: missing text object`);
    return;
  }
  if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) problems.push(`${where}: text type ${String(t.type)} not allowed`);
  if (typeof t.text !== 'string' || t.text.length === 0) problems.push(`${where}: text must be a non-empty string`);
  else if (t.text.length > max) problems.push(`${where}: text longer than ${max} (${t.text.length})`);
}

function button(where: string, b: Obj, problems: string[]): void {
  text(`${where}.text`, b.text, 75, problems, true);
  if (typeof b.action_id === 'string' && b.action_id.length > 255) problems.push(`${where}: action_id longer than 255`);
  if (b.value !== undefined && (typeof b.value !== 'string' || b.value.length < 1 || b.value.length > 2000)) problems.push(`${where}: value must be 1–2000 characters`);
  if (b.style !== undefined && b.style !== 'primary' && b.style !== 'danger') problems.push(`${where}: bad style ${String(b.style)}`);
}

function input(where: string, b: Obj, problems: string[]): void {
  text(`${where}.label`, b.label, 2000, problems, true);
  if (b.hint !== undefined) text(`${where}.hint`, b.hint, 2000, problems, true);
  const e = b.element;
  if (!isObj(e)) {
    problems.push(`${where}: input without element`);
    return;
  }
  if (e.type === 'plain_text_input') {
    const max = typeof e.max_length === 'number' ? e.max_length : 3000;
    if (max > 3000) problems.push(`${where}: max_length above 3000`);
    if (typeof e.initial_value === 'string' && e.initial_value.length > max) problems.push(`${where}: initial_value longer than max_length ${max}`);
  } else if (e.type === 'static_select') {
    const options = Array.isArray(e.options) ? (e.options as Obj[]) : [];
    if (options.length < 1 || options.length > 100) problems.push(`${where}: static_select needs 1–100 options (${options.length})`);
    options.forEach((o, i) => {
      text(`${where}.options[${i}]`, o.text, 75, problems, true);
      if (typeof o.value !== 'string' || o.value.length > 150) problems.push(`${where}.options[${i}]: value missing or longer than 150`);
    });
    if (isObj(e.initial_option) && !options.some((o) => o.value === (e.initial_option as Obj).value)) problems.push(`${where}: initial_option is not one of the options`);
  } else {
    problems.push(`${where}: input element type ${String(e.type)} not supported here`);
  }
}

/** Problems of a list of blocks (empty when Slack would accept them). */
export function blocksProblems(blocks: unknown, max: number): string[] {
  const problems: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  if (blocks.length > max) problems.push(`more than ${max} blocks (${blocks.length})`);
  const ids = new Set<string>();
  blocks.forEach((raw, i) => {
    const where = `blocks[${i}]`;
    if (!isObj(raw)) {
      problems.push(`${where}: not an object`);
      return;
    }
    const b = raw;
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > 255) problems.push(`${where}: block_id longer than 255`);
      if (ids.has(b.block_id)) problems.push(`${where}: duplicate block_id ${b.block_id}`);
      ids.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        text(`${where}.text`, b.text, 150, problems, true);
        break;
      case 'section':
        if (b.text !== undefined || b.fields === undefined) text(`${where}.text`, b.text, 3000, problems);
        if (b.fields !== undefined) {
          const fields = Array.isArray(b.fields) ? b.fields : [];
          if (fields.length > 10) problems.push(`${where}: more than 10 fields`);
          fields.forEach((f, j) => text(`${where}.fields[${j}]`, f, 2000, problems));
        }
        break;
      case 'divider':
        break;
      case 'context': {
        const elements = Array.isArray(b.elements) ? (b.elements as unknown[]) : [];
        if (elements.length < 1 || elements.length > 10) problems.push(`${where}: context needs 1–10 elements`);
        elements.forEach((e, j) => text(`${where}.elements[${j}]`, e, 3000, problems));
        break;
      }
      case 'actions': {
        const elements = Array.isArray(b.elements) ? (b.elements as Obj[]) : [];
        if (elements.length < 1 || elements.length > 25) problems.push(`${where}: actions needs 1–25 elements`);
        const actionIds = new Set<string>();
        elements.forEach((e, j) => {
          if (e.type !== 'button') problems.push(`${where}.elements[${j}]: element type ${String(e.type)} not supported here`);
          else button(`${where}.elements[${j}]`, e, problems);
          const id = String(e.action_id ?? '');
          if (id && actionIds.has(id)) problems.push(`${where}: duplicate action_id ${id}`);
          actionIds.add(id);
        });
        break;
      }
      case 'input':
        input(where, b, problems);
        break;
      default:
        problems.push(`${where}: unknown block type ${String(b.type)}`);
    }
  });
  return problems;
}

const HOME_KEYS = new Set(['type', 'blocks', 'private_metadata', 'callback_id', 'external_id']);

/** Problems of a view for views.open / views.update (modal) or views.publish (home). */
export function viewProblems(view: unknown, expected: 'modal' | 'home'): string[] {
  if (!isObj(view)) return ['view must be an object'];
  const problems: string[] = [];
  if (view.type !== expected) problems.push(`view type must be ${expected}, is ${String(view.type)}`);
  problems.push(...blocksProblems(view.blocks, 100));
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) problems.push('private_metadata longer than 3000');
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) problems.push('callback_id longer than 255');
  if (expected === 'home') {
    for (const k of Object.keys(view)) if (!HOME_KEYS.has(k)) problems.push(`a home view has no ${k}`);
    return problems;
  }
  text('title', view.title, 24, problems, true);
  if (view.close !== undefined) text('close', view.close, 24, problems, true);
  if (view.submit !== undefined) text('submit', view.submit, 24, problems, true);
  const hasInput = Array.isArray(view.blocks) && (view.blocks as Obj[]).some((b) => b.type === 'input');
  if (hasInput && view.submit === undefined) problems.push('a modal with inputs needs a submit button');
  return problems;
}
