import type { Catalog } from './catalog';
import { nbCommands } from './nb/commands';
import { nbItems } from './nb/items';
import { nbMeetings } from './nb/meetings';
import { nbMinutes } from './nb/minutes';
import { nbOperations } from './nb/operations';

/**
 * Bokmål: the default language of everything a user reads, in one file per area (./nb/). nn.ts and
 * en.ts have exactly the same keys, area by area (each area of theirs is typed by this one's: the type
 * checker enforces it). Every name of a state, category, role, level, kind, platform… of the domain is
 * a record over the domain's type: a missing one fails the type check here (`satisfies`) and in nn and en.
 */
export const nb = { ...nbCommands, ...nbItems, ...nbMeetings, ...nbMinutes, ...nbOperations } as const;

export type Messages = Catalog<typeof nb>;
