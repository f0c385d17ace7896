/**
 * The one error catalog. Every error a user can cause has a stable `code` and an HTTP status;
 * tests assert code and status, never message text.
 */
export const ERRORS = {
  NOT_FOUND: { status: 404, reportable: false },
  BAD_REQUEST: { status: 400, reportable: false },
  VALIDATION: { status: 422, reportable: false },
  CONFLICT: { status: 409, reportable: false },
  FORBIDDEN: { status: 403, reportable: false },
  UNAUTHORIZED: { status: 401, reportable: false },
  RATE_LIMITED: { status: 429, reportable: false },
  CONFIG: { status: 500, reportable: true },
  INTERNAL: { status: 500, reportable: true },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class BroadsheetError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly isReportable: boolean;
  /** Field-level details for forms and CLI messages (field name -> message). */
  readonly fields: Record<string, string>;

  constructor(code: ErrorCode, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'BroadsheetError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.isReportable = ERRORS[code].reportable;
    this.fields = fields;
  }
}

export const notFound = (what: string): BroadsheetError =>
  new BroadsheetError('NOT_FOUND', `${what} not found`);
export const badRequest = (message: string, fields?: Record<string, string>): BroadsheetError =>
  new BroadsheetError('BAD_REQUEST', message, fields);
export const invalid = (message: string, fields?: Record<string, string>): BroadsheetError =>
  new BroadsheetError('VALIDATION', message, fields);
