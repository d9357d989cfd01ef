/** Another process writes this store, or this one lost its claim: one writer per store. */
export class WriterLockError extends Error {
  readonly code = "writer_locked";

  constructor(where: string, lost = false) {
    super(
      lost
        ? `this process lost its writer lock on ${where}; it must stop writing`
        : `another Cirrus process is already writing to ${where}; stop it first`,
    );
    this.name = "WriterLockError";
  }
}
