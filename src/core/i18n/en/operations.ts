import { cmd } from '../../model/markup';
import type { Catalog } from '../catalog';
import type { nbOperations } from '../nb/operations';

/** English — operations: undelivered messages, quiet hours, refused forms, storage faults, hostile input, channel bindings. */
export const enOperations: Catalog<typeof nbOperations> = {
  // issue 14: undelivered messages (reports, `delivery`, `resend`)
  platformName: { slack: 'Slack', teams: 'Teams', console: 'the console' },
  deliveryDigestTitle: (n: number) => (n === 1 ? 'A message did not arrive' : `${n} messages did not arrive`),
  deliveryCause: {
    'not-installed': 'The bot has not been added there yet (the person must install the app, or the bot must be added to the channel)',
    'not-member': 'The bot is not (or no longer) in the channel or conversation',
    account: 'The account cannot receive messages (deactivated or does not exist)',
    credentials: "The platform refused the bot's credentials (the operator must renew the token)",
    'gave-up': 'The platform did not accept the message for two hours',
    interrupted: 'Unknown whether they arrived: the sending was interrupted, and the platform could not tell whether they arrived',
    other: 'The platform refused the message',
  } as Record<string, string>,
  deliveryCauseShort: {
    'not-installed': 'not added', 'not-member': 'bot not in it', account: 'account', credentials: 'credentials',
    'gave-up': 'gave up after two hours', interrupted: 'unknown', other: 'refused',
  } as Record<string, string>,
  deliveryLine: (id: number, what: string, where: string) => `#${id} · ${what} → ${where}`,
  deliveryMore: (n: number) => `… and ${n} more.`,
  deliveryToPerson: (name: string, platform: string) => `${name} (direct message in ${platform})`,
  deliveryToChannel: (forum: string, platform: string) => `the channel of ${forum} in ${platform}`,
  deliveryHowTo: `See them all with ${cmd('delivery')}, read one with ${cmd('delivery <no>')} and send it again with ${cmd('resend <no>')}. Messages with an unknown outcome are not sent again by themselves, to avoid duplicate posts.`,
  deliveryListTitle: (n: number) => `Messages that did not arrive (${n})`,
  deliveryListLine: (id: number, when: string, what: string, where: string, cause: string) => `#${id} · ${when} · ${what} → ${where} · ${cause}`,
  deliveryListHint: `Read one with ${cmd('delivery <no>')}, send it again with ${cmd('resend <no>')}, or mark it as dealt with using ${cmd('delivery done <no>')}.`,
  deliveryNone: 'Every message has been delivered.',
  deliveryTitle: (id: number) => `Message #${id}`,
  deliveryWhere: (where: string) => `To: ${where}`,
  deliveryDue: (when: string) => `Due: ${when}`,
  deliveryWhy: (cause: string) => `Why: ${cause}`,
  deliveryError: (error: string) => `The platform answered: ${error}`,
  deliveryText: 'The message',
  deliveryActions: (id: number) => `Send it again with ${cmd(`resend ${id}`)}, or mark it as dealt with using ${cmd(`delivery done ${id}`)}.`,
  deliveryUnknownId: (id: string) => `There is no undelivered message #${id}.`,
  deliveryAlreadyResent: (id: number, copy: number) => `Message #${id} has already been sent again as #${copy}.`,
  deliveryAlreadyDone: (id: number) => `Message #${id} has already been marked as dealt with.`,
  deliveryResent: (id: number, copy: number, where: string) => `Message #${id} is being sent again as #${copy} to ${where}.`,
  deliveryDone: (id: number) => `Message #${id} is marked as dealt with and is no longer listed.`,
  argDeliveryId: 'the number of the message',
  actDelivery: 'see and resend messages that did not arrive',
  // issue 14: quiet hours are told, never hidden
  quietHoursNote: (when: string) => `The bot sends no messages during quiet hours; the messages this causes go out on ${when}.`,
  publishedLater: (when: string) => `The agenda will be posted in the channel on ${when}, when quiet hours are over.`,
  minutesApprovedLater: (when: string) => `The minutes are approved. The summary will be posted in the channel, and the owners will get their actions, on ${when}, when quiet hours are over.`,
  summaryCorrectedLater: (when: string) => `The correction will be posted as an update of the summary on ${when}, when quiet hours are over.`,
  // issue 14: a refused form keeps what was typed
  formFixFields: 'Correct the marked fields and submit again.',
  // issue 14: slow platforms
  formExpired: (typed: string) => `The form could not be opened in time because Slack answered too late. Try again, or type the command with the text: ${typed}.`,
  // issue 14: storage faults
  storageBusy: 'The database is busy right now, so nothing was stored. Try again in a few seconds.',
  storageUnavailable: 'The bot cannot save anything right now, so nothing was stored. Try again later; the operator sees the error in the log.',
  // issue 13: hostile input, safe rendering, bind
  lineTooLong: (max: number) => `The message is too long: a command can be at most ${max} characters. Write a shorter text, or use the form.`,
  formTooLarge: 'The submitted form has more fields than the bot accepts. Open the form again and send it from there.',
  bindStatusConfigured: (forum: string, municipality: string) => `This channel belongs to ${forum} (${municipality}) in the configuration.`,
  bindStatusBound: (forum: string, municipality: string, who: string, when: string) => `This channel was bound to ${forum} (${municipality}) with /slt bind by ${who}, ${when}.`,
  bindStatusNone: `This channel is not bound to any forum. The SLT coordinator can bind it with ${cmd('bind <forum>')}.`,
  bindTakenByOther: (municipality: string) => `This channel belongs to a forum of ${municipality}. A channel can only be used by one municipality; use a channel of the forum's own.`,
  bindNeedsMove: (current: string, forumId: string, target: string, platform: string) => `This channel belongs to ${current}. Write ${cmd(`bind ${forumId} --move`)} to move it to ${target}; ${current} then has no channel in ${platform} until it gets a new one.`,
  bindAlready: (forum: string) => `This channel is already bound to ${forum}.`,
  boundReplaced: (forum: string) => `${forum} no longer posts in its previous channel; the people there have been told.`,
  boundMoved: (previous: string, platform: string) => `${previous} no longer has a channel in ${platform}. Bind a new one with ${cmd('bind')} in the channel it should use.`,
  bindAnnounceTitle: (forum: string) => `This channel now belongs to ${forum}`,
  bindAnnounce: (who: string, forum: string, municipality: string) => `${who} has bound this channel to ${forum} (${municipality}). The forum's agendas, reminders and summaries will be posted here.`,
  bindAnnounceMovedFrom: (previous: string) => `The channel used to belong to ${previous}, which no longer posts here.`,
  unbindAnnounceTitle: (forum: string) => `${forum} now uses another channel`,
  unbindAnnounce: (who: string, forum: string) => `${who} has bound ${forum} to another channel. The forum's new agendas and summaries will no longer be posted here.`,
};
