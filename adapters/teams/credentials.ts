import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import { StartupError } from '../../src/startup-error';
import { ReusingClientsAuthentication } from './reused-clients';

export interface TeamsCredentials {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** how tokens are obtained; default: from the app id and password (or managed identity), as Bot Framework configures it */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** tests: where the channel's token signing keys are published (default: Microsoft's) */
  openIdMetadataUrl?: string;
}

const configOf = (c: TeamsCredentials) => ({
  MicrosoftAppId: c.appId ?? '',
  MicrosoftAppPassword: c.appPassword ?? '',
  MicrosoftAppTenantId: c.appTenantId ?? '',
  MicrosoftAppType: c.appType ?? (c.appId ? 'MultiTenant' : ''),
});

/** The variable a configuration or token problem is about, from Bot Framework's and Entra ID's words. */
function variableOf(text: string): string {
  const code = /AADSTS(\d+)/.exec(text)?.[1];
  if (code === '700016') return 'MICROSOFT_APP_ID'; // application not found in the directory
  if (code === '90002' || code === '900023') return 'MICROSOFT_APP_TENANT_ID'; // tenant not found / malformed
  if (code === '7000215' || code === '7000222' || code === '7000218') return 'MICROSOFT_APP_PASSWORD'; // wrong, expired or missing secret
  if (/invalid_client|Password|secret/i.test(text)) return 'MICROSOFT_APP_PASSWORD';
  if (/tenant/i.test(text)) return 'MICROSOFT_APP_TENANT_ID';
  return 'MICROSOFT_APP_ID';
}

/** An error in one line: Entra ID's code and its AADSTS sentence when it has one (MSAL wraps them in timestamps and trace ids). */
function firstLine(e: unknown): string {
  const err = e as { errorCode?: string; errorMessage?: string; message?: string };
  const text = err.errorMessage ?? err.message ?? String(e);
  const aadsts = /AADSTS\d+:[^\r\n]*/.exec(text)?.[0];
  return `${err.errorCode ? `${err.errorCode}: ` : ''}${aadsts ?? text.split('\n')[0]!.trim()}`.slice(0, 240);
}

/** The factory the bot's tokens come from (one for the start-up check and for every send). */
export function credentialsFactoryOf(c: TeamsCredentials): ServiceClientCredentialsFactory | undefined {
  if (c.credentialsFactory) return c.credentialsFactory;
  if (!c.appId) return undefined;
  try {
    return new ConfigurationServiceClientCredentialFactory(configOf(c));
  } catch (e) {
    throw new StartupError(`${variableOf(firstLine(e))} is missing or wrong for Teams (${firstLine(e)})`);
  }
}

/**
 * The public cloud's settings with the channel's signing keys published elsewhere (tests). The SDK
 * takes such settings only all together (BotFrameworkAuthenticationFactory), so the rest are the
 * SDK's own public-cloud constants.
 */
const publicCloudWithKeysAt = (openIdMetadataUrl: string) => ({
  ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: true,
});

/**
 * Bot Framework authentication: with an app id every request's JWT is validated; without one, local traffic
 * is accepted. Its connector and user token clients are reused across activities (reused-clients.ts).
 */
export function teamsAuthentication(c: TeamsCredentials, factory = credentialsFactoryOf(c)): ConfigurationBotFrameworkAuthentication {
  return new ReusingClientsAuthentication({ ...configOf(c), ...(c.openIdMetadataUrl ? publicCloudWithKeysAt(c.openIdMetadataUrl) : {}) }, factory);
}

/**
 * With an app id, get a token from Microsoft Entra ID once at start: a wrong app id, password or tenant
 * stops the bot with one line naming the variable, instead of failing at the first message it sends.
 */
export async function checkTeamsCredentials(c: TeamsCredentials): Promise<void> {
  const factory = credentialsFactoryOf(c);
  if (!factory || !c.appId) return;
  try {
    const credentials = await factory.createCredentials(c.appId, AuthenticationConstants.ToChannelFromBotOAuthScope, AuthenticationConstants.ToChannelFromBotLoginUrl, true);
    const token = await (credentials as unknown as { getToken(force?: boolean): Promise<string> }).getToken(true);
    if (!token) throw new Error('no token received');
  } catch (e) {
    const why = firstLine(e);
    const refused = /AADSTS\d+|invalid_client|unauthorized_client|invalid_request/.test(why);
    throw new StartupError(refused
      ? `${variableOf(why)} is not accepted by Microsoft Entra ID (${why})`
      : `MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD could not be checked: no token from Microsoft Entra ID (${why}); check the network`);
  }
}
