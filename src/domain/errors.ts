/**
 * Errors with a stable `code`, the HTTP status they map to and the field at fault. The HTTP
 * layer renders them as `application/problem+json`.
 */
export type DomainErrorCode =
  | "bad_request"
  | "invalid"
  | "not_found"
  | "conflict"
  | "forbidden"
  | "unauthorized"
  | "unavailable";

const statusOf: Readonly<Record<DomainErrorCode, number>> = {
  bad_request: 400,
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  unavailable: 503,
};

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly status: number;
  readonly field: string | undefined;

  constructor(code: DomainErrorCode, message: string, field?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DomainError";
    this.code = code;
    this.status = statusOf[code];
    this.field = field;
  }

  static invalid(field: string, message: string): DomainError {
    return new DomainError("invalid", message, field);
  }

  /** A request whose values cannot be used at all: 400. */
  static badRequest(field: string, message: string): DomainError {
    return new DomainError("bad_request", message, field);
  }

  static notFound(field: string, message: string): DomainError {
    return new DomainError("not_found", message, field);
  }

  static unavailable(message: string, cause?: unknown): DomainError {
    return new DomainError("unavailable", message, undefined, { cause });
  }

  static conflict(message: string, field?: string): DomainError {
    return new DomainError("conflict", message, field);
  }
}
