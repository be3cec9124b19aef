import { findPersonalData } from './personal-data-guard';

export const SOURCE_LINK_MAX = 500;

/**
 * A link back to the chat message an item was made from (a Slack permalink, a Teams message link), as
 * stored and shown: an https URL of at most 500 characters, with nothing the personal-data guard finds.
 * It comes back from the platform in a form's hidden context, so it is checked again on submission.
 * The URL is normalised, and the characters that would end a link in Slack's `<url|label>` or in
 * Markdown's `[label](url)` are percent-encoded. Anything else gives undefined (no link is kept).
 */
export function sourceLinkOf(raw: string | undefined): string | undefined {
  if (!raw || raw.length > SOURCE_LINK_MAX) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return undefined;
  const href = url.href.replace(/[|()<>\s"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  // a Teams conversation id (19:…@thread.tacv2) looks like an e-mail address to the guard, and is none
  const checked = decodeURIComponentSafe(href).replace(/19:[^/?#&@\s]+@(?:thread\.(?:tacv2|skype|v2)|unq\.gbl\.spaces)/g, '');
  if (href.length > SOURCE_LINK_MAX || findPersonalData(checked).length) return undefined;
  return href;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
