/** JSON encoding of event data, detail, snapshot state and other JSON columns. */

/** JSON text of `value`; `undefined` (or anything JSON cannot express) becomes `null`. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** Like `encodeJson`, but `null` and `undefined` become SQL NULL. */
export function encodeNullableJson(value: unknown): string | null {
  return value === null || value === undefined ? null : encodeJson(value);
}

/** The JSON value of a text column (SQLite stores JSON as text). */
export function parseJsonText(raw: unknown): unknown {
  if (typeof raw !== "string") throw new Error(`Expected JSON text, got ${typeof raw}`);
  return JSON.parse(raw);
}

/** The JSON value of a jsonb column: pg has parsed it already. */
export function jsonAsIs(raw: unknown): unknown {
  return raw;
}
