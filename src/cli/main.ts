#!/usr/bin/env node
/** The `cirrus` command line. */
import { Command, InvalidArgumentError, Option } from "commander";
import { permissionMatrixMarkdown } from "../domain/permissions.ts";
import { entraTenantOf } from "../http/connector/oauth.ts";
import { readConfig } from "./config.ts";
import { exportConnector } from "./connector-export.ts";
import { tailEvents } from "./events-tail.ts";
import { serve } from "./serve.ts";
import { createToken } from "./token.ts";
import { validateWorkflowFile } from "./workflow-validate.ts";

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number ≥ 0");
  return n;
}

const program = new Command("cirrus").description(
  "Contact-centre task router whose every state change is a trigger event",
);

program
  .command("serve")
  .description("run the engine and the HTTP API (PORT, HOST, CIRRUS_DATA, DATABASE_URL)")
  .option("--demo", "seed the demo tenant on an empty store and print its admin token")
  .option("--seed <file>", "seed a tenant from a directory JSON file if the store lacks it")
  .action(async (options: { demo?: boolean; seed?: string }) => {
    await serve(readConfig(), options);
  });

const token = program.command("token").description("manage API tokens");
token
  .command("create")
  .description("create a token for a user and print it")
  .requiredOption("--upn <upn>", "the user's UPN")
  .option("--tenant <id>", "the tenant, when the UPN is in several")
  .action(async (options: { upn: string; tenant?: string }) => {
    process.stdout.write(`${await createToken(readConfig(), options.upn, options.tenant)}\n`);
  });

const events = program.command("events").description("read the event log");
events
  .command("tail")
  .description("print events as JSON lines")
  .option("--after <seq>", "start after this sequence number", nonNegativeInteger, 0)
  .option("-f, --follow", "keep printing new events", false)
  .option("--tenant <id>", "only this tenant's events")
  .option("--all", "include internal routing events", false)
  .action(async (options: { after: number; follow: boolean; tenant?: string; all: boolean }) => {
    await tailEvents(readConfig(), options);
  });

const connector = program.command("connector").description("the Power Automate custom connector");
connector
  .command("export")
  .description(
    "write the connector (definition, properties, icon, settings) into DIR, and its OAuth 2.0 " +
      "variant into DIR/oauth when CIRRUS_OIDC_* is configured",
  )
  .argument("<dir>", "directory to write into (created if missing)")
  .option("--host <host>", "host[:port] written into the definition", "localhost:8080")
  .addOption(
    new Option("--scheme <scheme>", "scheme written into the definition")
      .choices(["http", "https"])
      .default("http"),
  )
  .option(
    "--client-id <id>",
    "client id of the Entra ID app the OAuth variant signs in with (default: CIRRUS_OIDC_CLIENT_ID)",
  )
  .action(
    async (dir: string, options: { host: string; scheme: "http" | "https"; clientId?: string }) => {
      const { oidc } = readConfig();
      const clientId = options.clientId ?? process.env.CIRRUS_OIDC_CLIENT_ID;
      if (oidc && !clientId) {
        process.stderr.write(
          "the OAuth variant names no Entra ID app: pass --client-id or set CIRRUS_OIDC_CLIENT_ID, " +
            "or replace the all-zero client id in oauth/apiProperties.json before importing it\n",
        );
      }
      const entra = oidc && {
        resourceUri: oidc.audience,
        tenantId: entraTenantOf(oidc.issuer),
        clientId: clientId ?? "00000000-0000-0000-0000-000000000000",
      };
      const { host, scheme } = options;
      for (const path of await exportConnector(dir, { host, scheme }, entra)) {
        process.stdout.write(`${path}\n`);
      }
    },
  );

const workflow = program.command("workflow").description("workflow definitions");
workflow
  .command("validate")
  .description("check a workflow JSON file and print every problem (exit 1 on errors)")
  .argument("<file>", "the workflow JSON file")
  .action(async (file: string) => {
    const report = await validateWorkflowFile(file);
    process.stdout.write(report.text);
    if (!report.ok) process.exitCode = 1;
  });

const docs = program.command("docs").description("documents rendered from the code");
docs
  .command("permissions")
  .description("print the connector permission matrix as Markdown (docs/permissions.md)")
  .action(() => {
    process.stdout.write(permissionMatrixMarkdown());
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`cirrus: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
