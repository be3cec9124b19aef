import { cmd } from '../../model/markup';
import type { Catalog } from '../catalog';
import type { nbOperations } from '../nb/operations';

/** Nynorsk — operations: undelivered messages, quiet hours, refused forms, storage faults, hostile input, channel bindings. */
export const nnOperations: Catalog<typeof nbOperations> = {
  // issue 14: undelivered messages (reports, `delivery`, `resend`)
  platformName: { slack: 'Slack', teams: 'Teams', console: 'konsollen' },
  deliveryDigestTitle: (n: number) => (n === 1 ? 'Ei melding kom ikkje fram' : `${n} meldingar kom ikkje fram`),
  deliveryCause: {
    'not-installed': 'Boten er ikkje lagd til der enno (personen må installere appen, eller boten må leggjast til i kanalen)',
    'not-member': 'Boten er ikkje (lenger) med i kanalen eller samtalen',
    account: 'Kontoen kan ikkje ta imot meldingar (deaktivert eller finst ikkje)',
    credentials: 'Plattforma avviste innlogginga til boten (tokenet må fornyast av driftsansvarleg)',
    'gave-up': 'Plattforma tok ikkje imot meldinga på to timar',
    interrupted: 'Uvisst om dei kom fram: sendinga vart avbroten, og plattforma kunne ikkje svare på om dei kom fram',
    other: 'Plattforma avviste meldinga',
  } as Record<string, string>,
  deliveryCauseShort: {
    'not-installed': 'ikkje lagd til', 'not-member': 'boten er ikkje med', account: 'kontoen', credentials: 'innlogginga',
    'gave-up': 'gav opp etter to timar', interrupted: 'uvisst', other: 'avvist',
  } as Record<string, string>,
  deliveryLine: (id: number, what: string, where: string) => `#${id} · ${what} → ${where}`,
  deliveryMore: (n: number) => `… og ${n} til.`,
  deliveryToPerson: (name: string, platform: string) => `${name} (direktemelding i ${platform})`,
  deliveryToChannel: (forum: string, platform: string) => `kanalen til ${forum} i ${platform}`,
  deliveryHowTo: `Sjå alle med ${cmd('delivery')}, les éi med ${cmd('delivery <nr>')} og send ho på nytt med ${cmd('resend <nr>')}. Uvisse meldingar er ikkje sende på nytt av seg sjølv, for å unngå dobbeltpostar.`,
  deliveryListTitle: (n: number) => `Meldingar som ikkje kom fram (${n})`,
  deliveryListLine: (id: number, when: string, what: string, where: string, cause: string) => `#${id} · ${when} · ${what} → ${where} · ${cause}`,
  deliveryListHint: `Les éi med ${cmd('delivery <nr>')}, send ho på nytt med ${cmd('resend <nr>')}, eller merk ho som ordna med ${cmd('delivery done <nr>')}.`,
  deliveryNone: 'Alle meldingar er leverte.',
  deliveryTitle: (id: number) => `Melding #${id}`,
  deliveryWhere: (where: string) => `Til: ${where}`,
  deliveryDue: (when: string) => `Skulle sendast: ${when}`,
  deliveryWhy: (cause: string) => `Kvifor: ${cause}`,
  deliveryError: (error: string) => `Svar frå plattforma: ${error}`,
  deliveryText: 'Meldinga',
  deliveryActions: (id: number) => `Send ho på nytt med ${cmd(`resend ${id}`)}, eller merk ho som ordna med ${cmd(`delivery done ${id}`)}.`,
  deliveryUnknownId: (id: string) => `Finn inga melding #${id} som ikkje kom fram.`,
  deliveryAlreadyResent: (id: number, copy: number) => `Melding #${id} er alt send på nytt som #${copy}.`,
  deliveryAlreadyDone: (id: number) => `Melding #${id} er alt merkt som ordna.`,
  deliveryResent: (id: number, copy: number, where: string) => `Melding #${id} vert send på nytt som #${copy} til ${where}.`,
  deliveryDone: (id: number) => `Melding #${id} er merkt som ordna og vert ikkje lenger vist i lista.`,
  argDeliveryId: 'nummeret på meldinga',
  actDelivery: 'sjå og sende på nytt meldingar som ikkje kom fram',
  // issue 14: quiet hours are told, never hidden
  quietHoursNote: (when: string) => `Boten sender ikkje meldingar i stilletida; meldingane dette fører til, går ut ${when}.`,
  publishedLater: (when: string) => `Sakslista vert lagd ut i kanalen ${when}, når stilletida er over.`,
  minutesApprovedLater: (when: string) => `Referatet er godkjent. Samandraget vert lagt ut i kanalen, og dei ansvarlege får oppgåvene sine, ${when}, når stilletida er over.`,
  summaryCorrectedLater: (when: string) => `Rettinga vert lagd ut som ei oppdatering av samandraget ${when}, når stilletida er over.`,
  // issue 14: a refused form keeps what was typed
  formFixFields: 'Rett opp felta som er merkte, og send inn på nytt.',
  // issue 14: slow platforms
  formExpired: (typed: string) => `Skjemaet kunne ikkje opnast i tide fordi Slack svarte for seint. Prøv igjen, eller skriv kommandoen med teksten: ${typed}.`,
  // issue 14: storage faults
  storageBusy: 'Databasen er oppteken akkurat no, så ingenting vart lagra. Prøv igjen om nokre sekund.',
  storageUnavailable: 'Boten får ikkje lagra noko akkurat no, så ingenting vart lagra. Prøv igjen seinare; driftsansvarleg ser feilen i loggen.',
  // issue 13: hostile input, safe rendering, bind
  lineTooLong: (max: number) => `Meldinga er for lang: ein kommando kan vere høgst ${max} teikn. Skriv ein kortare tekst, eller bruk skjemaet.`,
  formTooLarge: 'Skjemaet som kom inn, har fleire felt enn boten tek imot. Opne skjemaet på nytt og send det derifrå.',
  bindStatusConfigured: (forum: string, municipality: string) => `Denne kanalen er knytt til ${forum} (${municipality}) i konfigurasjonen.`,
  bindStatusBound: (forum: string, municipality: string, who: string, when: string) => `Denne kanalen er knytt til ${forum} (${municipality}) med /slt bind av ${who}, ${when}.`,
  bindStatusNone: `Denne kanalen er ikkje knytt til noko forum. SLT-koordinatoren kan knyte han med ${cmd('bind <forum>')}.`,
  bindTakenByOther: (municipality: string) => `Denne kanalen høyrer til eit forum i ${municipality}. Ein kanal kan berre brukast av éin kommune; bruk ein eigen kanal for forumet.`,
  bindNeedsMove: (current: string, forumId: string, target: string, platform: string) => `Denne kanalen er knytt til ${current}. Skriv ${cmd(`bind ${forumId} --move`)} for å flytte han til ${target}; då har ${current} ingen kanal i ${platform} før forumet får ein ny.`,
  bindAlready: (forum: string) => `Denne kanalen er allereie knytt til ${forum}.`,
  boundReplaced: (forum: string) => `${forum} legg ikkje lenger ut meldingar i den førre kanalen sin; det er sagt frå der.`,
  boundMoved: (previous: string, platform: string) => `${previous} har ikkje lenger nokon kanal i ${platform}. Knyt ein ny med ${cmd('bind')} i kanalen som skal brukast.`,
  bindAnnounceTitle: (forum: string) => `Kanalen er knytt til ${forum}`,
  bindAnnounce: (who: string, forum: string, municipality: string) => `${who} har knytt denne kanalen til ${forum} (${municipality}). Sakslister, påminningar og samandrag frå forumet kjem her.`,
  bindAnnounceMovedFrom: (previous: string) => `Kanalen var før knytt til ${previous}, som ikkje lenger legg ut meldingar her.`,
  unbindAnnounceTitle: (forum: string) => `${forum} brukar ein annan kanal no`,
  unbindAnnounce: (who: string, forum: string) => `${who} har knytt ${forum} til ein annan kanal. Nye sakslister og samandrag frå forumet kjem ikkje lenger her.`,
};
