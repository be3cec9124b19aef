import { DateTime } from 'luxon';
import type { Language } from '../model/primitives';

const LOCALE: Record<Language, string> = { nb: 'nb', nn: 'nn', en: 'en-GB' };

const at = (iso: string, zone: string, lang: Language) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale(LOCALE[lang]);

/** luxon's formatting is slow and a view names the same few meetings many times: formatted once each */
const formatted = new Map<string, string>();

/** "onsdag 13. januar 2027 kl. 09:00" / "Wednesday 13 January 2027 at 09:00" */
export function formatDateTime(isoUtc: string, zone: string, lang: Language): string {
  const key = `${isoUtc}|${zone}|${lang}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const d = at(isoUtc, zone, lang);
    text = lang === 'en' ? d.toFormat("cccc d LLLL yyyy 'at' HH:mm") : d.toFormat("cccc d. LLLL yyyy 'kl.' HH:mm");
    if (formatted.size > 5000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** "ons. 13.01.2027 09:00" — compact, for tables and lists */
export function formatShort(isoUtc: string, zone: string, lang: Language): string {
  const d = at(isoUtc, zone, lang);
  return lang === 'en' ? d.toFormat('ccc dd.LL.yyyy HH:mm') : d.toFormat('ccc dd.LL.yyyy HH:mm');
}


const formattedDates = new Map<string, string>();

/** "13.01.2027" from an ISO date (once per date, as formatDateTime: a home view names the same dates many times) */
export function formatDate(isoDate: string): string {
  let text = formattedDates.get(isoDate);
  if (text === undefined) {
    text = DateTime.fromISO(isoDate).toFormat('dd.LL.yyyy');
    if (formattedDates.size > 5000) formattedDates.clear();
    formattedDates.set(isoDate, text);
  }
  return text;
}
