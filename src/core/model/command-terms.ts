/**
 * The words of the command grammar that every catalog translates: the placeholders of usage lines and
 * who may run a command. Declared here, below the catalogs, so each catalog is typed against them.
 */

/** The names of the placeholders in usage lines (`<ref>`, `[forum]`, `<tittel>`…). */
export const PLACEHOLDERS = ['ref', 'forum', 'member', 'date', 'title', 'description', 'category', 'text', 'reason', 'question', 'answer', 'nr', 'command', 'agencies'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Who may run a command, as the help says it (the command checks it against the forum's roles). */
export const WHO = ['everyone', 'members', 'attendees', 'submitters', 'deciders', 'coordinator', 'submitter', 'owner', 'noteWriters'] as const;
export type Who = (typeof WHO)[number];
