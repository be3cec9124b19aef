import type { Messages } from './nb';
import { enCommands } from './en/commands';
import { enItems } from './en/items';
import { enMeetings } from './en/meetings';
import { enMinutes } from './en/minutes';
import { enOperations } from './en/operations';

/** English: one file per area (./en/), each typed by bokmål's. */
export const en: Messages = { ...enCommands, ...enItems, ...enMeetings, ...enMinutes, ...enOperations };
