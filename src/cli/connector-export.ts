/**
 * `cirrus connector export`: the files Power Automate imports as a custom connector
 * (definition, properties, icon) and the settings file the connector CLI reads them by; with
 * an Entra ID connection given, the same again under `oauth/` signing in with OAuth 2.0.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { connectorApiProperties } from "../http/connector/api-properties.ts";
import {
  type ConnectorDefinitionOptions,
  connectorDefinition,
} from "../http/connector/definition.ts";
import { connectorIcon } from "../http/connector/icon.ts";
import { type EntraConnection, withEntraConnection, withOAuth } from "../http/connector/oauth.ts";

/** The settings file of the custom-connector CLI, naming the files beside it. */
const settings = {
  apiDefinition: "apiDefinition.swagger.json",
  apiProperties: "apiProperties.json",
  icon: "icon.png",
};

async function writeVariant(
  dir: string,
  definition: object,
  properties: object,
): Promise<string[]> {
  const colour = (properties as { properties: { iconBrandColor: string } }).properties
    .iconBrandColor;
  const files: [string, string | Buffer][] = [
    [settings.apiDefinition, `${JSON.stringify(definition, null, 2)}\n`],
    [settings.apiProperties, `${JSON.stringify(properties, null, 2)}\n`],
    [settings.icon, connectorIcon(colour)],
    ["settings.json", `${JSON.stringify(settings, null, 2)}\n`],
  ];
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    await writeFile(path, content);
    written.push(path);
  }
  return written;
}

/**
 * Writes `apiDefinition.swagger.json`, `apiProperties.json`, `icon.png` and `settings.json`
 * into `dir` (created if needed), and with `entra` the OAuth 2.0 variant into `dir/oauth`;
 * returns the paths written, in that order.
 */
export async function exportConnector(
  dir: string,
  options: ConnectorDefinitionOptions,
  entra?: EntraConnection,
): Promise<string[]> {
  const definition = connectorDefinition(options);
  const properties = connectorApiProperties();
  const written = await writeVariant(dir, definition, properties);
  if (entra) {
    written.push(
      ...(await writeVariant(
        join(dir, "oauth"),
        withOAuth(definition),
        withEntraConnection(properties, entra),
      )),
    );
  }
  return written;
}
