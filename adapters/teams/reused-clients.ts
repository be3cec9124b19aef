import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationConstants, type ClaimsIdentity, type ConnectorClient, ConnectorFactory,
  type UserTokenClient } from 'botframework-connector';

/** How many connector clients are kept (one per service URL and audience; Teams uses a handful of service URLs). */
export const MAX_CONNECTOR_CLIENTS = 64;

/** The bot's app id as the SDK takes it from a request's claims (the audience; the app id claim for the Emulator). */
const appIdOf = (claims: ClaimsIdentity): string | null =>
  claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim);

/** A promise kept while it is pending or fulfilled; one that rejects is forgotten, so the next call tries again. */
function remembered<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>, max: number): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const made = make();
  made.catch(() => { if (cache.get(key) === made) cache.delete(key); });
  cache.set(key, made);
  // the oldest goes first (a Map keeps insertion order): a stream of unknown service URLs cannot grow it
  if (cache.size > max) cache.delete(cache.keys().next().value as string);
  return made;
}

/** Connector clients from the SDK's factory, one per (app id, audience, service URL), reused by every turn. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory, private readonly appId: string | null, private readonly clients: Map<string, Promise<ConnectorClient>>) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return remembered(this.clients, JSON.stringify([this.appId, audience ?? null, serviceUrl]), () => this.inner.create(serviceUrl, audience), MAX_CONNECTOR_CLIENTS);
  }
}

/**
 * Bot Framework authentication whose clients are made once and reused. The SDK makes a new connector
 * client and a new user token client (each with its own HTTP pipeline and credentials object) for
 * every activity, though everything they are made from is fixed for the process except the app id
 * from the request's claims, the audience and the service URL: those are the key. Requests are
 * authenticated exactly as before (every call goes to the SDK); only the clients are shared, as their
 * library intends (a long-lived client; the credentials renew their token themselves).
 */
export class ReusingClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectorClients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0], authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return remembered(this.userTokenClients, JSON.stringify(appIdOf(claimsIdentity)), () => super.createUserTokenClient(claimsIdentity), MAX_CONNECTOR_CLIENTS);
  }

  private reusing(inner: ConnectorFactory, claims: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(inner, appIdOf(claims), this.connectorClients);
  }
}
