/** A tenant's directory from a JSON file (`cirrus serve --seed FILE`), checked before use. */
import { readFile } from "node:fs/promises";
import { Type } from "typebox";
import { Value } from "typebox/value";
import { checkDirectory } from "../domain/directoryRules.ts";
import { DomainError } from "../domain/errors.ts";
import {
  type Directory,
  distributionPolicies,
  licenceTiers,
  modalities,
  roles,
} from "../domain/model.ts";

const Id = Type.String({ minLength: 1, maxLength: 200 });

const DirectorySchema = Type.Object({
  tenant: Type.Object({ id: Id, name: Type.String() }),
  orgUnits: Type.Array(
    Type.Object({
      id: Id,
      tenantId: Id,
      parentId: Type.Union([Id, Type.Null()]),
      name: Type.String(),
    }),
  ),
  users: Type.Array(
    Type.Object({
      id: Id,
      tenantId: Id,
      orgUnitId: Id,
      upn: Id,
      email: Type.String(),
      objectId: Type.String(),
      displayName: Type.String(),
      role: Type.Enum([...roles]),
      capacity: Type.Optional(
        Type.Object(
          Object.fromEntries(
            modalities.map((m) => [m, Type.Optional(Type.Integer({ minimum: 0, maximum: 100 }))]),
          ),
          { additionalProperties: false },
        ),
      ),
    }),
  ),
  services: Type.Array(
    Type.Object({
      id: Id,
      tenantId: Id,
      orgUnitId: Id,
      upn: Id,
      name: Type.String(),
      displayName: Type.String(),
      description: Type.String(),
      telNumber: Type.String(),
      licence: Type.Enum([...licenceTiers]),
      modalities: Type.Array(Type.Enum([...modalities])),
      members: Type.Array(Id),
      owners: Type.Optional(Type.Array(Id)),
      routing: Type.Object({
        maxQueueSeconds: Type.Number({ exclusiveMinimum: 0 }),
        ronaSeconds: Type.Number({ exclusiveMinimum: 0 }),
        policy: Type.Optional(Type.Enum([...distributionPolicies])),
        afterCallWorkSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600 })),
        preferredUserSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600 })),
      }),
    }),
  ),
});

export function parseDirectory(json: unknown, source: string): Directory {
  if (!Value.Check(DirectorySchema, json)) {
    const [first] = Value.Errors(DirectorySchema, json);
    const where = first?.instancePath || "/";
    throw new Error(`${source}: ${where} ${first?.message ?? "is not a directory"}`);
  }
  const directory = json as Directory;
  try {
    checkDirectory(directory);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new Error(`${source}: ${error.field ?? "/"} ${error.message}`);
  }
  return directory;
}

export async function readDirectoryFile(file: string): Promise<Directory> {
  const text = await readFile(file, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  return parseDirectory(json, file);
}
