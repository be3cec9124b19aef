import { cmd } from '../../model/markup';
import type { Platform } from '../../model/municipality';
import type { DeliveryFailure } from '../../model/outcomes';

/** Bokmål — operations: undelivered messages, quiet hours, refused forms, storage faults, hostile input, channel bindings. */
export const nbOperations = {
  // issue 14: undelivered messages (reports, `delivery`, `resend`)
  platformName: { slack: 'Slack', teams: 'Teams', console: 'konsollen' } satisfies Record<Platform, string> as Record<Platform, string>,
  deliveryDigestTitle: (n: number) => (n === 1 ? 'En melding kom ikke fram' : `${n} meldinger kom ikke fram`),
  deliveryCause: {
    'not-installed': 'Boten er ikke lagt til der ennå (personen må installere appen, eller boten må legges til i kanalen)',
    'not-member': 'Boten er ikke (lenger) med i kanalen eller samtalen',
    account: 'Kontoen kan ikke ta imot meldinger (deaktivert eller finnes ikke)',
    credentials: 'Plattformen avviste botens innlogging (tokenet må fornyes av driftsansvarlig)',
    'gave-up': 'Plattformen tok ikke imot meldingen på to timer',
    interrupted: 'Uvisst om de kom fram: sendingen ble avbrutt, og plattformen kunne ikke svare på om de kom fram',
    other: 'Plattformen avviste meldingen',
  } satisfies Record<DeliveryFailure, string> as Record<DeliveryFailure, string>,
  deliveryCauseShort: {
    'not-installed': 'ikke lagt til', 'not-member': 'boten er ikke med', account: 'kontoen', credentials: 'innloggingen',
    'gave-up': 'ga opp etter to timer', interrupted: 'uvisst', other: 'avvist',
  } satisfies Record<DeliveryFailure, string> as Record<DeliveryFailure, string>,
  deliveryLine: (id: number, what: string, where: string) => `#${id} · ${what} → ${where}`,
  deliveryMore: (n: number) => `… og ${n} til.`,
  deliveryToPerson: (name: string, platform: string) => `${name} (direktemelding i ${platform})`,
  deliveryToChannel: (forum: string, platform: string) => `kanalen til ${forum} i ${platform}`,
  deliveryHowTo: `Se alle med ${cmd('delivery')}, les én med ${cmd('delivery <nr>')} og send den på nytt med ${cmd('resend <nr>')}. Uvisse meldinger er ikke sendt på nytt av seg selv, for å unngå dobbeltposter.`,
  deliveryListTitle: (n: number) => `Meldinger som ikke kom fram (${n})`,
  deliveryListLine: (id: number, when: string, what: string, where: string, cause: string) => `#${id} · ${when} · ${what} → ${where} · ${cause}`,
  deliveryListHint: `Les én med ${cmd('delivery <nr>')}, send den på nytt med ${cmd('resend <nr>')}, eller merk den som ordnet med ${cmd('delivery done <nr>')}.`,
  deliveryNone: 'Alle meldinger er levert.',
  deliveryTitle: (id: number) => `Melding #${id}`,
  deliveryWhere: (where: string) => `Til: ${where}`,
  deliveryDue: (when: string) => `Skulle sendes: ${when}`,
  deliveryWhy: (cause: string) => `Hvorfor: ${cause}`,
  deliveryError: (error: string) => `Svar fra plattformen: ${error}`,
  deliveryText: 'Meldingen',
  deliveryActions: (id: number) => `Send den på nytt med ${cmd(`resend ${id}`)}, eller merk den som ordnet med ${cmd(`delivery done ${id}`)}.`,
  deliveryUnknownId: (id: string) => `Finner ingen melding #${id} som ikke kom fram.`,
  deliveryAlreadyResent: (id: number, copy: number) => `Melding #${id} er allerede sendt på nytt som #${copy}.`,
  deliveryAlreadyDone: (id: number) => `Melding #${id} er allerede merket som ordnet.`,
  deliveryResent: (id: number, copy: number, where: string) => `Melding #${id} sendes på nytt som #${copy} til ${where}.`,
  deliveryDone: (id: number) => `Melding #${id} er merket som ordnet og vises ikke lenger i listen.`,
  argDeliveryId: 'nummeret på meldingen',
  actDelivery: 'se og sende på nytt meldinger som ikke kom fram',
  // issue 14: quiet hours are told, never hidden
  quietHoursNote: (when: string) => `Boten sender ikke meldinger i stilletiden; meldingene dette fører til, går ut ${when}.`,
  publishedLater: (when: string) => `Sakslisten legges ut i kanalen ${when}, når stilletiden er over.`,
  minutesApprovedLater: (when: string) => `Referatet er godkjent. Sammendraget legges ut i kanalen, og de ansvarlige får oppgavene sine, ${when}, når stilletiden er over.`,
  summaryCorrectedLater: (when: string) => `Rettelsen legges ut som en oppdatering av sammendraget ${when}, når stilletiden er over.`,
  // issue 14: a refused form keeps what was typed
  formFixFields: 'Rett opp feltene som er merket, og send inn på nytt.',
  // issue 14: slow platforms
  formExpired: (typed: string) => `Skjemaet kunne ikke åpnes i tide fordi Slack svarte for sent. Prøv igjen, eller skriv kommandoen med teksten: ${typed}.`,
  // issue 14: storage faults
  storageBusy: 'Databasen er opptatt akkurat nå, så ingenting ble lagret. Prøv igjen om noen sekunder.',
  storageUnavailable: 'Boten får ikke lagret noe akkurat nå, så ingenting ble lagret. Prøv igjen senere; driftsansvarlig ser feilen i loggen.',
  // issue 13: hostile input, safe rendering, bind
  lineTooLong: (max: number) => `Meldingen er for lang: en kommando kan være høyst ${max} tegn. Skriv en kortere tekst, eller bruk skjemaet.`,
  formTooLarge: 'Skjemaet som kom inn, har flere felt enn boten tar imot. Åpne skjemaet på nytt og send det derfra.',
  bindStatusConfigured: (forum: string, municipality: string) => `Denne kanalen er knyttet til ${forum} (${municipality}) i konfigurasjonen.`,
  bindStatusBound: (forum: string, municipality: string, who: string, when: string) => `Denne kanalen er knyttet til ${forum} (${municipality}) med /slt bind av ${who}, ${when}.`,
  bindStatusNone: `Denne kanalen er ikke knyttet til noe forum. SLT-koordinatoren kan knytte den med ${cmd('bind <forum>')}.`,
  bindTakenByOther: (municipality: string) => `Denne kanalen hører til et forum i ${municipality}. En kanal kan bare brukes av én kommune; bruk en egen kanal for forumet.`,
  bindNeedsMove: (current: string, forumId: string, target: string, platform: string) => `Denne kanalen er knyttet til ${current}. Skriv ${cmd(`bind ${forumId} --move`)} for å flytte den til ${target}; da har ${current} ingen kanal i ${platform} før den får en ny.`,
  bindAlready: (forum: string) => `Denne kanalen er allerede knyttet til ${forum}.`,
  boundReplaced: (forum: string) => `${forum} legger ikke lenger ut meldinger i den forrige kanalen sin; det er sagt fra der.`,
  boundMoved: (previous: string, platform: string) => `${previous} har ikke lenger noen kanal i ${platform}. Knytt en ny med ${cmd('bind')} i kanalen som skal brukes.`,
  bindAnnounceTitle: (forum: string) => `Kanalen er knyttet til ${forum}`,
  bindAnnounce: (who: string, forum: string, municipality: string) => `${who} har knyttet denne kanalen til ${forum} (${municipality}). Sakslister, påminnelser og sammendrag fra forumet kommer her.`,
  bindAnnounceMovedFrom: (previous: string) => `Kanalen var før knyttet til ${previous}, som ikke lenger legger ut meldinger her.`,
  unbindAnnounceTitle: (forum: string) => `${forum} bruker en annen kanal nå`,
  unbindAnnounce: (who: string, forum: string) => `${who} har knyttet ${forum} til en annen kanal. Nye sakslister og sammendrag fra forumet kommer ikke lenger her.`,
} as const;
