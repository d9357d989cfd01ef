/** Another process already writes this store: one engine per store, or the log forks. */
export class WriterLockError extends Error {
  readonly code = "writer_locked";

  constructor(where: string) {
    super(`another Cirrus process is already writing to ${where}; stop it first`);
    this.name = "WriterLockError";
  }
}
