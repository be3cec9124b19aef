import { errorView, type View } from '../model/view';

/**
 * What was asked is refused: the view tells the person why (an answer, not a crash). Thrown by use
 * cases (a rule says no) and by the command layer (parsing, rights); the transaction is rolled back.
 */
export class UserError extends Error {
  constructor(readonly view: View) {
    super(view.sections.flatMap((s) => s.lines).join(' '));
    this.name = 'UserError';
  }
}

/** Refuse with one line of text. */
export const refused = (text: string): UserError => new UserError(errorView(text));
