const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/**
 * A PostgreSQL array literal of the values ('{"a","b\"c",NULL}'), for a parameter cast to text[], uuid[], int[]… .
 * node-pg writes a JavaScript array the same way but runs two replaces on every element; a bulk statement's columns of
 * thousands of values (the import's) spend less this way, and an array of these literals, each cast on its own, passes
 * a column of arrays (PostgreSQL's arrays are not ragged).
 */
export function arrayLiteral(values: ReadonlyArray<string | number | null>): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ',';
    if (value === null || value === undefined) literal += 'NULL';
    else if (typeof value === 'number') literal += value;
    else literal += `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, '\\$&') : value}"`;
  }
  return `${literal}}`;
}
