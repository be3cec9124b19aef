/**
 * Every state, category, role, level, kind, platform and outcome of the domain has its name in all
 * three catalogs: the tables are typed over the domain's types (a missing name fails `npm run
 * typecheck`, shown here with @ts-expect-error), and checked key by key against the domain's lists.
 */
import { messages, type Messages } from '../../src/core/i18n';
import { nb } from '../../src/core/i18n/nb';
import { DECIDED_STATES, CATEGORIES, ITEM_STATES } from '../../src/core/model/records';
import { PLACEHOLDERS, WHO } from '../../src/core/model/command-terms';

test('a table of names without one of the domain\'s values does not type-check', () => {
  const { approved: _approved, ...states } = nb.stateName;
  // @ts-expect-error a state without a name
  const noState: Messages['stateName'] = states;
  const { annet: _annet, ...categories } = nb.categoryName;
  // @ts-expect-error a category without a name
  const noCategory: Messages['categoryName'] = categories;
  const { observer: _observer, ...roles } = nb.roleName;
  // @ts-expect-error a role without a name
  const noRole: Messages['roleName'] = roles;
  const { 3: _three, ...levels } = nb.levelName;
  // @ts-expect-error a level without a name
  const noLevel: Messages['levelName'] = levels;
  const { 'gave-up': _gaveUp, ...causes } = nb.deliveryCause;
  // @ts-expect-error a delivery failure without a name
  const noCause: Messages['deliveryCause'] = causes;
  const { reason: _reason, ...placeholders } = nb.placeholder;
  // @ts-expect-error a placeholder without its word
  const noPlaceholder: Messages['placeholder'] = placeholders;
  expect([noState, noCategory, noRole, noLevel, noCause, noPlaceholder].every((t) => Object.keys(t).length > 0)).toBe(true);
});

test('every catalog names exactly the domain\'s values', () => {
  const keys = (r: object) => Object.keys(r).sort();
  for (const lang of ['nb', 'nn', 'en'] as const) {
    const m = messages(lang);
    expect(keys(m.stateName)).toEqual([...ITEM_STATES].sort());
    expect(keys(m.stateBy)).toEqual([...DECIDED_STATES].sort());
    expect(keys(m.categoryName)).toEqual([...CATEGORIES].sort());
    expect(keys(m.roleName)).toEqual(['convener', 'coordinator', 'deputy', 'member', 'observer', 'stranger']);
    expect(keys(m.levelName)).toEqual(['1', '2', '3']);
    expect(keys(m.kindName)).toEqual(['case', 'topic']);
    expect(keys(m.platformName)).toEqual(['console', 'slack', 'teams']);
    expect(keys(m.placeholder)).toEqual([...PLACEHOLDERS].sort());
    expect(keys(m.whoName)).toEqual([...WHO].sort());
    expect(keys(m.deliveryCause)).toEqual(keys(m.deliveryCauseShort));
  }
});
