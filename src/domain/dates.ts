import type { Language } from './language.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** The newsroom's time zone for display; machine-readable times stay in UTC ISO-8601. */
const TIME_ZONES: Record<Language, string> = { en: 'UTC', fa: 'Asia/Tehran' };

/** Formatted dates by language, form and instant (cleared when it grows past 20,000). */
const formatted = new Map<string, string>();

/**
 * Human date for an edition: Gregorian for English, Solar Hijri with Persian digits for Persian
 * (ICU's persian calendar, which Node ships in full).
 */
export function formatDate(iso: string, language: Language, withTime = true): string {
  // Pages show the same few hundred dates over and over; ICU formatting is the costly part.
  const key = `${language}${withTime ? 't' : 'd'}${iso}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const text = formatUncached(iso, language, withTime);
  if (formatted.size >= 20_000) formatted.clear();
  formatted.set(key, text);
  return text;
}

function formatUncached(iso: string, language: Language, withTime: boolean): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: TIME_ZONES[language],
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  };
  if (language === 'fa') return formatter('fa-IR-u-ca-persian-nu-arabext', options).format(date);
  const text = formatter('en-GB', options).format(date);
  return withTime ? `${text} UTC` : text;
}

export function isoNow(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

export function isValidIso(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value) && !Number.isNaN(Date.parse(value));
}
