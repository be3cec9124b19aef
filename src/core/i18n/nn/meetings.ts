import { cmd, code } from '../../model/markup';
import type { Forum } from '../../model/municipality';
import type { Catalog } from '../catalog';
import type { nbMeetings } from '../nb/meetings';

/** Nynorsk — forums and meetings: the plan, invitations and reminders, calendar files, Outlook, the overview (home). */
export const nnMeetings: Catalog<typeof nbMeetings> = {
  forumsTitle: 'SLT-forum',
  forumsOf: (municipality: string) => `Forum i ${municipality}`,
  forumLine: (name: string, id: string, level: string, convener: string) => `${name} (${code(`${id}`)}) · ${level} · innkallar: ${convener}`,
  unknownForum: (id: string, known: string) => `Finn ikkje forumet «${id}». Kjende forum: ${known}.`,
  ambiguousForum: (id: string, options: string) => `«${id}» finst i fleire kommunar. Skriv ${options}.`,
  noForumHere: `Denne kanalen er ikkje knytt til eit forum. Oppgi forumet, t.d. ${cmd('next koordineringsgruppa')}, eller be koordinatoren køyre ${cmd('bind <forum>')} her.`,
  nextTitle: (forum: string) => `Neste møte i ${forum}`,
  noUpcoming: (forum: string) => `${forum} har ingen planlagde møte framover.`,
  when: 'Tid',
  where: 'Stad',
  deadline: 'Frist for å melde saker',
  deadlineRule: (days: number, to: string) => (days === 0 ? `Saker vert melde til ${to} seinast når møtet byrjar.` : `Saker vert melde til ${to} seinast ${days} ${days === 1 ? 'dag' : 'dagar'} før møtet.`),
  movedFrom: (date: string) => `Flytta frå ${date} på grunn av fri-/heilagdag.`,
  calendarTitle: (forum: string) => `Møteplan for ${forum}`,
  calendarEmpty: 'Ingen møte i perioden.',
  standingItems: 'Faste punkt',
  targetGroup: (desc: string) => `Målgruppe: ${desc}`,
  ages: (min: number, max: number) => `${min}–${max} år`,

  invitationTitle: (forum: string) => `Innkalling: ${forum}`,
  invitationUpdatedTitle: (forum: string) => `Endra innkalling: ${forum}`,
  howToAdd: `Meld saker med ${cmd('agenda add')} i kanalen til forumet.`,
  cancellationTitle: (forum: string) => `Avlyst: ${forum}`,
  cancellationText: (when: string) => `Møtet ${when} er avlyst.`,
  deadlineReminderTitle: (forum: string) => `Påminning: frist for å melde saker til ${forum}`,
  deadlineReminderText: (deadline: string, meeting: string) => `Fristen for å melde saker er ${deadline}. Møtet er ${meeting}.`,
  meetingReminderTitle: (forum: string) => `I dag: ${forum}`,
  summaryPromptTitle: (forum: string) => `Referat frå ${forum}`,
  summaryPromptText: (when: string) => `Møtet ${when} er ferdig. Før inn vedtak og oppgåver og godkjenn referatet med ${cmd('minutes')}; då vert samandraget lagt ut i kanalen.`,
  pendingDigestTitle: (forum: string) => `Saker som ventar på avgjerd: ${forum}`,
  pendingDigestText: (n: number) => `Fristen er ute, og ${n} ${n === 1 ? 'sak ventar' : 'saker ventar'} framleis på avgjerd.`,
  repliedPrivately: 'Svaret er sendt til deg som personleg melding frå SLT-boten.',
  calendarFeed: 'Abonner på møtekalenderen',
  actionReminderTitle: 'Påminning om oppgåve',
  actionReminderText: (action: string, forum: string, id: number) => `${action} (${forum}). Merk ho som utført med ${cmd(`action done ${id}`)}.`,

  // issue 15: calendar files and Outlook events
  icsDeadline: (when: string) => `Frist for saker: ${when}`,
  icsStandingItems: (items: string) => `Faste punkt: ${items}`,
  calendarFileDescription: (forum: string, when: string) => `Kalenderfil for ${forum} ${when}. Opna henne for å leggja møtet i kalenderen din.`,
  calendarFileGone: 'Denne kalenderfila er ikkje lenger tilgjengeleg for deg.',
  calendarFileFailed: 'Kalenderfila kunne ikkje lagrast akkurat no. Trykk «Tillat» på nytt om litt.',
  deliveryToCalendar: (organizer: string) => `Outlook-kalenderen til ${organizer}`,
  outlookEventTitle: (forum: string, when: string) => `Outlook-avtale: ${forum}, ${when}`,
  outlookCancelTitle: (forum: string, when: string) => `Avlyst i Outlook: ${forum}, ${when}`,
  outlookInvited: (n: number) => `Invitert i Outlook: ${n} ${n === 1 ? 'person' : 'personar'}.`,
  outlookInvitationNote: (organizer: string) => `Møtet kjem òg som ein invitasjon i Outlook frå ${organizer}. Svar der, så ser dei andre i forumet om du kjem.`,
  outlookResponses: 'Svar på invitasjonen i Outlook',
  outlookResponseLine: { accepted: 'Kjem', tentative: 'Kanskje', declined: 'Kjem ikkje', none: 'Har ikkje svart' } as Record<string, string>,
  // issue 16: the Slack App Home (and `home` everywhere), "Add to SLT agenda" from a message, the Teams message extension
  homeTitle: (name: string) => `SLT-oversikt for ${name}`,
  homeIntro: 'Møta, fristane, sakene og oppgåvene dine i foruma du er med i. Oversikta blir oppdatert når noko endrar seg.',
  homeRole: (role: string) => `Rolla di: ${role}`,
  homeNextMeeting: (when: string, place: string) => (place ? `Neste møte: ${when}, ${place}` : `Neste møte: ${when}`),
  homeDeadline: (deadline: string, left: string) => `Frist for å melde saker: ${deadline} (${left})`,
  homeTimeLeft: (minutes: number) => {
    if (minutes < 60) return `${minutes} minutt att`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return `${hours} ${hours === 1 ? 'time' : 'timar'} att`;
    return `${Math.floor(hours / 24)} dagar att`;
  },
  homeDeadlinePassed: 'fristen er ute; saker som blir melde no, er melde for seint',
  homeSubmit: 'Meld opp sak',
  homeAgenda: 'Sjå sakslista',
  homeDecide: 'Ventar på avgjerda di',
  homeMore: (n: number, command: string) => `… og ${n} til. Sjå alle med ${command}.`,
  homeMoreAtLeast: (n: number, command: string) => `… og minst ${n} til. Sjå alle med ${command}.`,
  homeTruncated: `Ikkje alt får plass i oversikta. Sjå resten med ${cmd('agenda mine')}, ${cmd('actions')} og ${cmd('agenda <forum>')}.`,
  homeItemLine: (ref: string, title: string, state: string, meeting: string) => `${ref}${title ? ` · ${title}` : ''} · ${state} · møte ${meeting}`,
  homeNothing: 'Du er ikkje med i noko forum enno. Ta kontakt med SLT-koordinatoren.',
  modalClose: 'Lukk',
  formCancel: 'Avbryt',
  replyTitle: 'SLT-boten',
  agendaModalTitle: 'Saksliste',
  prefillPersonalData: (kinds: string) => `Teksten i meldinga er ikkje kopiert inn, fordi han ser ut til å innehalde ${kinds}. Skildre saka utan personopplysningar.`,
  prefillCut: (max: number) => `Meldinga var lengre enn ${max} teikn, så skildringa er korta ned. Sjå over teksten før du sender inn.`,
  prefillSource: 'Lenkja til meldinga blir lagra med saka og blir berre vist for deg, innkallaren og SLT-koordinatoren.',
  sourceLinkLabel: 'Meldinga saka kom frå',
  formForumHint: 'Saka går til neste møte i forumet du vel.',
  noSubmitForum: (coordinator: string) => `Du er ikkje med i noko forum du kan melde saker til. Ta kontakt med SLT-koordinator ${coordinator}.`,
  unknownSubmitForum: 'Vel eitt av foruma i lista.',
};
