import { StartupError } from '../../src/startup-error';
import { GraphCalendarPort, type GraphOptions } from './graph-calendar-port';
import { GraphToken, GraphTokenError } from './graph-token';

/** The environment variables the Graph credentials were taken from (GRAPH_* or the Teams bot's MICROSOFT_APP_*), for messages. */
export interface GraphVariableNames {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Which variable an Entra ID refusal is about (AADSTS codes as for the Teams bot's credentials). */
function variableOf(code: string, text: string, names: GraphVariableNames): string {
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
  if (aadsts === '700016' || code === 'unauthorized_client') return names.clientId;
  if (aadsts === '90002' || aadsts === '900023' || /tenant/i.test(text)) return names.tenantId;
  return names.clientSecret;
}

/**
 * At start, with Outlook events configured: an app-only token from Microsoft Entra ID, then one read of
 * each organiser's calendar, so a wrong secret, a missing Calendars.ReadWrite consent or a mailbox outside
 * the application access policy stops the bot with one line naming what to fix, instead of failing at
 * the first meeting.
 */
export async function checkGraphCredentials(opts: GraphOptions, names: GraphVariableNames, organizers: readonly string[]): Promise<void> {
  try {
    await new GraphToken(opts).get();
  } catch (e) {
    const err = e instanceof GraphTokenError ? e : new GraphTokenError('error', String(e), false);
    throw new StartupError(err.refused
      ? `${variableOf(err.code, err.message, names)} is not accepted by Microsoft Entra ID for Microsoft Graph (${err.code}: ${err.message})`
      : `${names.clientId} and ${names.clientSecret} could not be checked for Microsoft Graph: ${err.message}; check the network${opts.authorityUrl.includes('login.microsoftonline.com') ? '' : ' and GRAPH_AUTHORITY_URL'}`);
  }
  const port = new GraphCalendarPort(opts);
  for (const organizer of organizers) {
    const problem = await port.probe(organizer);
    if (problem) throw new StartupError(`Microsoft Graph: the calendar of ${organizer} (calendar.organizer) cannot be used: ${problem}`);
  }
}
