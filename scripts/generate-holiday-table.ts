/**
 * npm run holidays:table — writes src/calendar/norwegian-holiday-table.ts from the date-holidays library
 * (test/calendar/norwegian-holidays.test.ts fails when the table and the library disagree).
 */
import fs from 'node:fs';
import path from 'node:path';
import { holidaysFromLibrary } from '../src/calendar/norwegian-holidays';

const FIRST = 2020;
const LAST = 2079;
const rows: string[] = [];
for (let year = FIRST; year <= LAST; year++) {
  const days = [...holidaysFromLibrary(year)].map(([date, name]) => `['${date.slice(5)}', '${name.replace(/'/g, "\\'")}']`);
  rows.push(`  ${year}: [${days.join(', ')}],`);
}
const file = path.join(__dirname, '../src/calendar/norwegian-holiday-table.ts');
fs.writeFileSync(file, `/**
 * Norwegian public holidays and bank days ${FIRST}–${LAST} as date-holidays computes them, written by
 * \`npm run holidays:table\` (scripts/generate-holiday-table.ts): the planner reads them at start-up
 * without loading the library. Do not edit by hand; a test compares every year with the library.
 */
export const HOLIDAY_TABLE: Readonly<Record<number, readonly (readonly [monthDay: string, name: string])[]>> = {
${rows.join('\n')}
};
`);
console.log(`wrote ${path.relative(process.cwd(), file)}: ${LAST - FIRST + 1} years`);
