/**
 * How a benchmark's smoke run (`--smoke`) reports: what was checked and the result, no
 * timings, since a run of seconds on small sizes measures nothing worth quoting.
 */

/** The report of a smoke run: a title, the lines saying what was checked, the result. */
export function formatSmokeReport(
  bench: string,
  checked: readonly string[],
  failures: readonly string[],
): string {
  const lines = [
    `Cirrus ${bench} bench, smoke run: correctness checks only, no timings`,
    "",
    ...checked,
    "",
    resultLine(failures),
  ];
  return `${lines.join("\n")}\n`;
}

/** `Result: OK`, or `Result: FAILED` and the failures indented below it. */
export function resultLine(failures: readonly string[]): string {
  return failures.length === 0
    ? "Result: OK"
    : `Result: FAILED\n${failures.map((l) => `  ${l}`).join("\n")}`;
}
