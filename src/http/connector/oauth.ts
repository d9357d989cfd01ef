/**
 * The OAuth 2.0 variant of the connector, for a Cirrus that signs users in with Microsoft
 * Entra ID (`CIRRUS_OIDC_*`): connections are made with the user's Entra ID sign-in (identity
 * provider `aad`) instead of a pasted Cirrus token, as the certified connector's flows do.
 */
import { apiKeySecurityName } from "./definition.ts";

export interface EntraConnection {
  /** The application id URI Cirrus accepts tokens for (`CIRRUS_OIDC_AUDIENCE`). */
  readonly resourceUri: string;
  /** The Entra ID tenant (`common` for any), read from the issuer when it names one. */
  readonly tenantId: string;
  /** The client id of the app registration the connection signs in with. */
  readonly clientId: string;
}

export const oauthSecurityName = "oauth2_auth";
const login = "https://login.microsoftonline.com";

/** The Entra ID tenant named by an issuer such as `https://login.microsoftonline.com/<t>/v2.0`. */
export function entraTenantOf(issuer: string): string {
  return (
    /\/\/(?:login\.microsoftonline\.com|sts\.windows\.net)\/([^/]+)/.exec(issuer)?.[1] ?? "common"
  );
}

/** The definition with OAuth 2.0 (authorization code) in place of the API key. */
export function withOAuth(definition: object): object {
  const copy = structuredClone(definition) as Record<string, unknown>;
  copy.securityDefinitions = {
    [oauthSecurityName]: {
      type: "oauth2",
      flow: "accessCode",
      authorizationUrl: `${login}/common/oauth2/authorize`,
      tokenUrl: `${login}/common/oauth2/token`,
      scopes: {},
    },
  };
  copy.security = [{ [oauthSecurityName]: [] }];
  return copy;
}

/** `apiProperties.json` with an Entra ID connection in place of the token parameter. */
export function withEntraConnection(properties: object, entra: EntraConnection): object {
  const copy = structuredClone(properties) as {
    properties: { connectionParameters: Record<string, unknown> };
  };
  const parameters = copy.properties.connectionParameters;
  delete parameters[apiKeySecurityName];
  parameters.token = {
    type: "oauthSetting",
    oAuthSettings: {
      identityProvider: "aad",
      clientId: entra.clientId,
      scopes: [],
      redirectMode: "Global",
      redirectUrl: "https://global.consent.azure-apim.net/redirect",
      properties: {
        IsFirstParty: "False",
        AzureActiveDirectoryResourceId: entra.resourceUri,
      },
      customParameters: {
        loginUri: { value: login },
        tenantId: { value: entra.tenantId },
        resourceUri: { value: entra.resourceUri },
        enableOnbehalfOfLogin: { value: "false" },
      },
    },
  };
  return copy;
}
