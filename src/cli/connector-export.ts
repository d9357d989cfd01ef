/** `cirrus connector export`: the two files Power Automate imports as a custom connector. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { connectorApiProperties } from "../http/connector/api-properties.ts";
import {
  type ConnectorDefinitionOptions,
  connectorDefinition,
} from "../http/connector/definition.ts";

/**
 * Writes `apiDefinition.swagger.json` and `apiProperties.json` into `dir`, creating it if
 * needed, and returns the paths written (in that order).
 */
export async function exportConnector(
  dir: string,
  options: ConnectorDefinitionOptions,
): Promise<string[]> {
  const files: [string, object][] = [
    ["apiDefinition.swagger.json", connectorDefinition(options)],
    ["apiProperties.json", connectorApiProperties()],
  ];
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    await writeFile(path, `${JSON.stringify(content, null, 2)}\n`);
    written.push(path);
  }
  return written;
}
