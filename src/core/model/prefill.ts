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
