import { invalid } from '../domain/errors.ts';

/** Emails are compared lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const SHAPE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function emailProblem(email: string): string | null {
  if (email === '') return 'Enter an email address.';
  if (email.length > 320 || !SHAPE.test(email)) return 'Enter an email address like name@example.com.';
  return null;
}

/** Normalises and validates, throwing a VALIDATION error on field `field`. */
export function requireEmail(raw: string, field = 'email'): string {
  const email = normaliseEmail(raw);
  const problem = emailProblem(email);
  if (problem) throw invalid(problem, { [field]: problem });
  return email;
}
