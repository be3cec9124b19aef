import type { CommandContext } from '../commands/types';
import { personalDataNames, TEXT_MAX } from './item-support';
import { findPersonalData } from './personal-data-guard';
import { sourceLinkOf } from './source-link';

/** Text from elsewhere (the chat message someone chose "Add to SLT agenda" on) offered as an item's description, and a link back to it. */
export interface Prefill {
  description: string;
  sourceLink?: string;
}

/** A prefill as the form may show it: the description (if it may be shown at all), the link, and what the person is told about them. */
export interface ScreenedPrefill {
  description?: string;
  sourceLink?: string;
  notes: string[];
}

/** How much of a message is read at all (Slack's and Teams' longest messages): the rest is never shown or stored. */
export const PREFILL_READ_MAX = 40_000;

/**
 * The personal-data guard and the input limits, applied to a prefilled text before anything is shown
 * or stored: text with personal data is not offered at all (the field stays empty and the person is told
 * why, never what was found); text over the description's limit is cut at a word and the person is told.
 * The guard reads the whole text (up to PREFILL_READ_MAX), so nothing past the cut is let through either.
 */
export function screenPrefill(ctx: CommandContext, prefill: Prefill): ScreenedPrefill {
  const notes: string[] = [];
  // the text arrives cleaned (SltBot.handle passes every text a person sent through sanitizeText)
  const text = prefill.description.slice(0, PREFILL_READ_MAX).trim();
  let description: string | undefined;
  const kinds = findPersonalData(text);
  if (kinds.length) notes.push(ctx.msg.prefillPersonalData(personalDataNames(ctx, kinds)));
  else if (text.length > TEXT_MAX) {
    const cut = text.slice(0, TEXT_MAX - 1);
    description = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), TEXT_MAX - 200)).trimEnd()}…`;
    notes.push(ctx.msg.prefillCut(TEXT_MAX));
  } else if (text) description = text;
  const sourceLink = sourceLinkOf(prefill.sourceLink);
  if (sourceLink) notes.push(ctx.msg.prefillSource);
  return { ...(description ? { description } : {}), ...(sourceLink ? { sourceLink } : {}), notes };
}
