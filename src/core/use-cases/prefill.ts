import type { Messages } from '../i18n';
import { TEXT_MAX } from '../input/input-limits';
import { findPersonalData } from '../model/personal-data-guard';
import { sourceLinkOf } from '../model/source-link';
import type { Prefill, ScreenedPrefill } from '../model/prefill';
import { personalDataNames } from './screening';

export type { Prefill, ScreenedPrefill };

/** How much of a message is read at all (Slack's and Teams' longest messages): the rest is never shown or stored. */
export const PREFILL_READ_MAX = 40_000;

/**
 * The personal-data guard and the input limits, applied to a prefilled text before anything is shown
 * or stored: text with personal data is not offered at all (the field stays empty and the person is told
 * why, never what was found); text over the description's limit is cut at a word and the person is told.
 * The guard reads the whole text (up to PREFILL_READ_MAX), so nothing past the cut is let through either.
 */
export function screenPrefill(ctx: { msg: Messages }, prefill: Prefill): ScreenedPrefill {
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
