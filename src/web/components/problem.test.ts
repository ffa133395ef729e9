import { describe, expect, it } from 'vitest';
import { matchFieldName } from './problem.ts';

// Names as an antd form registers them for the customer form (a few of each shape).
const registered = [
  ['name'],
  ['phones'],
  ['profile', 'creditCode'],
  ['profile', 'lunarBirthday', 'month'],
  ['profile', 'lunarBirthday', 'day'],
  ['profile', 'addresses', 0, 'city'],
  ['profile', 'credit', 'character', 'score'],
  ['customFields', 'budget'],
  ['customFields', 'grade'],
];

describe('matchFieldName', () => {
  it('finds a top-level field and keeps the list index that follows it', () => {
    expect(matchFieldName('name', registered)).toEqual({ name: ['name'], rest: [] });
    expect(matchFieldName('phones.1', registered)).toEqual({ name: ['phones'], rest: ['1'] });
  });

  it('finds nested profile and custom fields by their whole name path', () => {
    expect(matchFieldName('profile.creditCode', registered)).toEqual({ name: ['profile', 'creditCode'], rest: [] });
    expect(matchFieldName('customFields.grade', registered)).toEqual({ name: ['customFields', 'grade'], rest: [] });
    expect(matchFieldName('profile.addresses.0.city', registered)).toEqual({ name: ['profile', 'addresses', 0, 'city'], rest: [] });
  });

  it('puts an issue below a field on that field (money amount, credit note)', () => {
    expect(matchFieldName('customFields.budget.amount', registered)).toEqual({ name: ['customFields', 'budget'], rest: ['amount'] });
  });

  it('puts an issue on a whole group on the first input inside it', () => {
    expect(matchFieldName('profile.lunarBirthday', registered)).toEqual({ name: ['profile', 'lunarBirthday', 'month'], rest: [] });
  });

  it('matches nothing for fields the form does not show', () => {
    expect(matchFieldName('customFields.gone', registered)).toBeNull();
    expect(matchFieldName('profile.gender', registered)).toBeNull();
    expect(matchFieldName('', registered)).toBeNull();
    // A prefix of a segment is not a match.
    expect(matchFieldName('names', registered)).toBeNull();
  });
});
