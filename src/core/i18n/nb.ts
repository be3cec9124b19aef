/**
 * Bokmål: the default language of everything a user reads.
 * nn.ts and en.ts must have exactly the same keys (the type checker enforces it).
 */
export const nb = {
  levelName: (level: number) => ['', 'Styrende nivå', 'Koordinerende nivå', 'Utførende nivå'][level] ?? `Nivå ${level}`,
  roleName: {
    coordinator: 'SLT-koordinator',
    convener: 'innkaller',
    member: 'medlem',
    deputy: 'vara',
    observer: 'observatør',
    stranger: 'ikke medlem',
  } as Record<string, string>,

  // help and grammar
  helpTitle: 'SLT-boten: kommandoer',
  helpIntro: 'Skriv kommandoene som `/slt <kommando>` i Slack, `@SLT <kommando>` i Teams, eller rett inn i konsollen.',
  helpMore: 'Skriv `/slt help <kommando>` for mer om én kommando.',
  helpUsage: 'Bruk',
  unknownCommand: (cmd: string) => `Jeg kjenner ikke kommandoen «${cmd}».`,
  didYouMean: (cmd: string) => `Mente du \`/slt ${cmd}\`?`,
  unterminatedQuote: 'Et anførselstegn er ikke lukket. Sett teksten i "…" og lukk med samme tegn.',
  emptyFlag: (flag: string) => `Valget --${flag} mangler en verdi.`,
  missingArgument: (what: string, usage: string) => `Mangler ${what}. Bruk: \`${usage}\``,
  unknownFlag: (flag: string, usage: string) => `Valget --${flag} finnes ikke for denne kommandoen. Bruk: \`${usage}\``,
  internalError: 'Noe gikk galt hos oss. Prøv igjen om litt; feilen er logget.',

  commandHelp: {
    help: 'Vis denne hjelpen, eller hjelp til én kommando.',
    forums: 'List forumene (politiråd, koordineringsgrupper, team) med nivå og innkaller.',
    next: 'Vis neste møte i forumet: tid, sted og frist for å melde saker.',
    calendar: 'Vis møteplanen framover for forumet.',
    whoami: 'Vis hvem boten tror du er, og rollene dine i forumene.',
  } as Record<string, string>,

  // forums and meetings
  forumsTitle: 'SLT-fora',
  forumsOf: (municipality: string) => `Fora i ${municipality}`,
  forumLine: (name: string, id: string, level: string, convener: string) => `${name} (\`${id}\`) · ${level} · innkaller: ${convener}`,
  unknownForum: (id: string, known: string) => `Finner ikke forumet «${id}». Kjente fora: ${known}.`,
  ambiguousForum: (id: string, options: string) => `«${id}» finnes i flere kommuner. Skriv ${options}.`,
  noForumHere: 'Denne kanalen er ikke knyttet til et forum. Oppgi forumet, f.eks. `/slt next tut`, eller be koordinatoren kjøre `/slt bind <forum>` her.',
  nextTitle: (forum: string) => `Neste møte i ${forum}`,
  noUpcoming: (forum: string) => `${forum} har ingen planlagte møter framover.`,
  when: 'Tid',
  where: 'Sted',
  deadline: 'Frist for å melde saker',
  deadlineRule: (days: number) => `Saker meldes til SLT-koordinator senest ${days} dager før møtet.`,
  movedFrom: (date: string) => `Flyttet fra ${date} på grunn av fri-/helligdag.`,
  calendarTitle: (forum: string) => `Møteplan for ${forum}`,
  calendarEmpty: 'Ingen møter i perioden.',
  standingItems: 'Faste punkter',
  targetGroup: (desc: string) => `Målgruppe: ${desc}`,
  ages: (min?: number, max?: number) => `${min ?? 0}–${max ?? ''} år`,

  // identity and rights
  whoAreYou: 'Jeg vet ikke hvem du er ennå. I konsollen: skriv `/slt as <kallenavn>`. I Slack og Teams: be SLT-koordinatoren legge deg inn i konfigurasjonen.',
  notAMember: (forum: string, coordinator: string) => `Du er ikke medlem av ${forum}. Ta kontakt med SLT-koordinator ${coordinator} hvis du skal være med.`,
  notAllowed: (action: string, who: string) => `Bare ${who} kan ${action}.`,
  conveners: 'innkaller eller SLT-koordinator',
  consoleAs: (name: string, role: string, municipality: string) => `Du er nå ${name} (${role}, ${municipality}).`,
  consoleUnknownHandle: (handle: string, examples: string) => `Ingen med kallenavnet «${handle}». Eksempler: ${examples}.`,
} as const;

export type Messages = { [K in keyof typeof nb]: (typeof nb)[K] extends (...args: infer A) => string ? (...args: A) => string : (typeof nb)[K] extends Record<string, string> ? Record<string, string> : string };
