import { cmd, code } from '../../model/markup';
import type { CalendarResponse } from '../../model/outcomes';

/** Bokmål — forums and meetings: the plan, invitations and reminders, calendar files, Outlook, the overview (home). */
export const nbMeetings = {
  // forums and meetings
  forumsTitle: 'SLT-fora',
  forumsOf: (municipality: string) => `Fora i ${municipality}`,
  forumLine: (name: string, id: string, level: string, convener: string) => `${name} (${code(`${id}`)}) · ${level} · innkaller: ${convener}`,
  unknownForum: (id: string, known: string) => `Finner ikke forumet «${id}». Kjente fora: ${known}.`,
  ambiguousForum: (id: string, options: string) => `«${id}» finnes i flere kommuner. Skriv ${options}.`,
  noForumHere: `Denne kanalen er ikke knyttet til et forum. Oppgi forumet, f.eks. ${cmd('next tut')}, eller be koordinatoren kjøre ${cmd('bind <forum>')} her.`,
  nextTitle: (forum: string) => `Neste møte i ${forum}`,
  noUpcoming: (forum: string) => `${forum} har ingen planlagte møter framover.`,
  when: 'Tid',
  where: 'Sted',
  deadline: 'Frist for å melde saker',
  deadlineRule: (days: number, to: string) => (days === 0 ? `Saker meldes til ${to} senest når møtet begynner.` : `Saker meldes til ${to} senest ${days} ${days === 1 ? 'dag' : 'dager'} før møtet.`),
  movedFrom: (date: string) => `Flyttet fra ${date} på grunn av fri-/helligdag.`,
  calendarTitle: (forum: string) => `Møteplan for ${forum}`,
  calendarEmpty: 'Ingen møter i perioden.',
  standingItems: 'Faste punkter',
  targetGroup: (desc: string) => `Målgruppe: ${desc}`,
  ages: (min: number, max: number) => `${min}–${max} år`,

  // scheduler
  invitationTitle: (forum: string) => `Innkalling: ${forum}`,
  invitationUpdatedTitle: (forum: string) => `Endret innkalling: ${forum}`,
  howToAdd: `Meld saker med ${cmd('agenda add')} i forumets kanal.`,
  cancellationTitle: (forum: string) => `Avlyst: ${forum}`,
  cancellationText: (when: string) => `Møtet ${when} er avlyst.`,
  deadlineReminderTitle: (forum: string) => `Påminnelse: frist for å melde saker til ${forum}`,
  deadlineReminderText: (deadline: string, meeting: string) => `Fristen for å melde saker er ${deadline}. Møtet er ${meeting}.`,
  meetingReminderTitle: (forum: string) => `I dag: ${forum}`,
  summaryPromptTitle: (forum: string) => `Referat fra ${forum}`,
  summaryPromptText: (when: string) => `Møtet ${when} er ferdig. Før inn vedtak og oppgaver og godkjenn referatet med ${cmd('minutes')}; da legges sammendraget ut i kanalen.`,
  pendingDigestTitle: (forum: string) => `Saker som venter på avgjørelse: ${forum}`,
  pendingDigestText: (n: number) => `Fristen er ute, og ${n} ${n === 1 ? 'sak venter' : 'saker venter'} fortsatt på avgjørelse.`,
  repliedPrivately: 'Svaret er sendt deg som personlig melding fra SLT-boten.',
  calendarFeed: 'Abonner på møtekalenderen',
  actionReminderTitle: 'Påminnelse om oppgave',
  actionReminderText: (action: string, forum: string, id: number) => `${action} (${forum}). Merk den som utført med ${cmd(`action done ${id}`)}.`,

  // issue 15: calendar files and Outlook events
  icsDeadline: (when: string) => `Frist for saker: ${when}`,
  icsStandingItems: (items: string) => `Faste punkter: ${items}`,
  calendarFileDescription: (forum: string, when: string) => `Kalenderfil for ${forum} ${when}. Åpne den for å legge møtet i kalenderen din.`,
  calendarFileGone: 'Denne kalenderfilen er ikke lenger tilgjengelig for deg.',
  calendarFileFailed: 'Kalenderfilen kunne ikke lagres akkurat nå. Trykk «Tillat» på nytt om litt.',
  deliveryToCalendar: (organizer: string) => `Outlook-kalenderen til ${organizer}`,
  outlookEventTitle: (forum: string, when: string) => `Outlook-avtale: ${forum}, ${when}`,
  outlookCancelTitle: (forum: string, when: string) => `Avlyst i Outlook: ${forum}, ${when}`,
  outlookInvited: (n: number) => `Invitert i Outlook: ${n} ${n === 1 ? 'person' : 'personer'}.`,
  outlookInvitationNote: (organizer: string) => `Møtet kommer også som en invitasjon i Outlook fra ${organizer}. Svar der, så ser de andre i forumet om du kommer.`,
  outlookResponses: 'Svar på invitasjonen i Outlook',
  outlookResponseLine: { accepted: 'Kommer', tentative: 'Kanskje', declined: 'Kommer ikke', none: 'Har ikke svart' } satisfies Record<CalendarResponse, string> as Record<CalendarResponse, string>,
  // issue 16: the Slack App Home (and `home` everywhere), "Add to SLT agenda" from a message, the Teams message extension
  homeTitle: (name: string) => `SLT-oversikt for ${name}`,
  homeIntro: 'Møtene, fristene, sakene og oppgavene dine i forumene du er med i. Oversikten oppdateres når noe endrer seg.',
  homeRole: (role: string) => `Din rolle: ${role}`,
  homeNextMeeting: (when: string, place: string) => (place ? `Neste møte: ${when}, ${place}` : `Neste møte: ${when}`),
  homeDeadline: (deadline: string, left: string) => `Frist for å melde saker: ${deadline} (${left})`,
  homeTimeLeft: (minutes: number) => {
    if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minutt' : 'minutter'} igjen`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return `${hours} ${hours === 1 ? 'time' : 'timer'} igjen`;
    return `${Math.floor(hours / 24)} dager igjen`;
  },
  homeDeadlinePassed: 'fristen er ute; saker som meldes nå, er for sent meldt',
  homeSubmit: 'Meld opp sak',
  homeAgenda: 'Se sakslisten',
  homeDecide: 'Venter på din avgjørelse',
  homeMore: (n: number, command: string) => `… og ${n} til. Se alle med ${command}.`,
  homeMoreAtLeast: (n: number, command: string) => `… og minst ${n} til. Se alle med ${command}.`,
  homeTruncated: `Ikke alt får plass i oversikten. Se resten med ${cmd('agenda mine')}, ${cmd('actions')} og ${cmd('agenda <forum>')}.`,
  homeItemLine: (ref: string, title: string, state: string, meeting: string) => `${ref}${title ? ` · ${title}` : ''} · ${state} · møte ${meeting}`,
  homeNothing: 'Du er ikke med i noe forum ennå. Ta kontakt med SLT-koordinatoren.',
  modalClose: 'Lukk',
  formCancel: 'Avbryt',
  replyTitle: 'SLT-boten',
  agendaModalTitle: 'Saksliste',
  prefillPersonalData: (kinds: string) => `Teksten i meldingen er ikke kopiert inn, fordi den ser ut til å inneholde ${kinds}. Beskriv saken uten personopplysninger.`,
  prefillCut: (max: number) => `Meldingen var lengre enn ${max} tegn, så beskrivelsen er kortet ned. Se over teksten før du sender inn.`,
  prefillSource: 'Lenken til meldingen lagres med saken og vises bare for deg, innkaller og SLT-koordinator.',
  sourceLinkLabel: 'Meldingen saken kom fra',
  formForumHint: 'Saken går til neste møte i forumet du velger.',
  noSubmitForum: (coordinator: string) => `Du er ikke med i noe forum du kan melde saker til. Ta kontakt med SLT-koordinator ${coordinator}.`,
  unknownSubmitForum: 'Velg et av forumene i listen.',
} as const;
