/** Epoch milliseconds as the API shows them: ISO text, null for "never" (0) and "not set". */
export const isoOrNull = (at: number | null | undefined): string | null =>
  at ? new Date(at).toISOString() : null;
