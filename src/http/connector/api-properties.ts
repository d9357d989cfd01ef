/**
 * `apiProperties.json` of the Cirrus custom connector: how a Power Automate connection is made
 * (a Cirrus token and the URL of the Cirrus server) and the policy that sends every request
 * of the connection to that URL instead of the definition's host.
 */
import { apiKeySecurityName } from "./definition.ts";

/** The connection parameter holding the Cirrus server's URL. */
export const endpointParameterName = "endpoint";

export function connectorApiProperties(): object {
  return {
    properties: {
      connectionParameters: {
        [apiKeySecurityName]: {
          type: "securestring",
          uiDefinition: {
            displayName: "Cirrus token",
            description: "Your Cirrus API token, entered as: Bearer <token>",
            tooltip: "Create one with `cirrus token create --upn <upn>`; prefix it with 'Bearer '.",
            constraints: { tabIndex: 2, clearText: false, required: "true" },
          },
        },
        [endpointParameterName]: {
          type: "string",
          uiDefinition: {
            displayName: "Cirrus URL",
            description: "Base URL of your Cirrus server, e.g. https://cirrus.example.com",
            tooltip: "Scheme and host (and port) where your Cirrus server answers.",
            constraints: { tabIndex: 1, clearText: true, required: "true" },
          },
        },
      },
      iconBrandColor: "#2F6FB3",
      capabilities: [],
      publisher: "Cirrus",
      stackOwner: "Cirrus",
      policyTemplateInstances: [
        {
          templateId: "dynamichosturl",
          title: "Cirrus server URL",
          parameters: {
            "x-ms-apimTemplateParameter.urlTemplate": `@connectionParameters('${endpointParameterName}')`,
          },
        },
      ],
    },
  };
}
