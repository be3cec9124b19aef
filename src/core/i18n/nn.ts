import type { Messages } from './nb';
import { nnCommands } from './nn/commands';
import { nnItems } from './nn/items';
import { nnMeetings } from './nn/meetings';
import { nnMinutes } from './nn/minutes';
import { nnOperations } from './nn/operations';

/** Nynorsk (e.g. Aukra): one file per area (./nn/), each typed by bokmål's. */
export const nn: Messages = { ...nnCommands, ...nnItems, ...nnMeetings, ...nnMinutes, ...nnOperations };
