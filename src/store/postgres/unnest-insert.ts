/**
 * A multi-row INSERT as one statement with one array parameter per column:
 * `INSERT INTO t (a, b) SELECT a, b::jsonb FROM unnest($1::bigint[], $2::text[]) AS u(a, b)`.
 * The statement text depends only on the columns, whatever the number of rows.
 */
export type PgType = "text" | "integer" | "bigint" | "jsonb";

export interface PgColumn {
  readonly name: string;
  readonly type: PgType;
}

export interface PgStatement {
  readonly text: string;
  readonly values: unknown[];
}

/** `rows` hold one value per column, in column order; jsonb values are JSON text. */
export function unnestInsert(
  table: string,
  columns: readonly PgColumn[],
  rows: readonly (readonly unknown[])[],
  onConflict = "",
): PgStatement {
  const names = columns.map((column) => column.name).join(", ");
  const arrays = columns.map((column, index) => `$${index + 1}::${arrayType(column.type)}`);
  const selected = columns.map((column) =>
    column.type === "jsonb" ? `${column.name}::jsonb` : column.name,
  );
  return {
    text:
      `INSERT INTO ${table} (${names}) SELECT ${selected.join(", ")} ` +
      `FROM unnest(${arrays.join(", ")}) AS u(${names}) ${onConflict}`.trimEnd(),
    values: columns.map((_, index) => rows.map((row) => row[index])),
  };
}

function arrayType(type: PgType): string {
  return type === "jsonb" ? "text[]" : `${type}[]`;
}
