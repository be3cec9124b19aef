import type { Messages } from '../i18n';
import { messages } from '../i18n';
import type { Directory } from '../model/directory';
import type { Municipality } from '../model/municipality';
import type { Language } from '../model/primitives';
import type { StoreReads } from '../ports/store';

/**
 * What a renderer needs: the store to read from (the caller's transaction, or reads outside one),
 * the directory, the time, and the language of whoever reads the view.
 */
export interface ViewContext {
  tx: StoreReads;
  directory: Directory;
  nowUtc: string;
  lang: Language;
  msg: Messages;
  /** cases whose erasable texts were shown to a person (see Reply.revealsCases) */
  revealed?: Set<string>;
}

/** The same context in the language of a municipality's people (notifications are rendered in the recipient's language). */
export function inLanguageOf<C extends ViewContext>(ctx: C, m: Municipality): C {
  return m.language === ctx.lang ? ctx : { ...ctx, lang: m.language, msg: messages(m.language) };
}
