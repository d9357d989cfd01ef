/**
 * Reading columns out of untyped database rows, checking their types. PostgreSQL returns
 * bigint columns as strings; `numberOf` accepts both forms.
 */
export type Row = Readonly<Record<string, unknown>>;

/** Turns a JSON column's raw value into the JSON value (SQLite: parse text; pg: as is). */
export type JsonDecoder = (raw: unknown) => unknown;

export function textOf(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw columnError(column, "text", value);
  return value;
}

export function nullableTextOf(row: Row, column: string): string | null {
  return row[column] === null ? null : textOf(row, column);
}

export function numberOf(row: Row, column: string): number {
  const value = row[column];
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number)) {
    throw columnError(column, "safe integer", value);
  }
  return number;
}

/** A text column whose value must be one of `allowed`. */
export function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[]): T {
  const value = textOf(row, column);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw columnError(column, allowed.join(" | "), value);
  return found;
}

function columnError(column: string, expected: string, value: unknown): Error {
  return new Error(`Column ${column}: expected ${expected}, got ${JSON.stringify(value)}`);
}
