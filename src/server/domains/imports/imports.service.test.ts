import { describe, expect, it } from 'vitest';
import { BATCH_ROWS, statisticsStale } from './imports.service.ts';

describe('when an import refreshes its lookup statistics', () => {
  it('once a table without statistics has grown a batch', () => {
    expect(statisticsStale(0, BATCH_ROWS - 1)).toBe(false);
    expect(statisticsStale(0, BATCH_ROWS)).toBe(true);
  });

  it('then each time the table reaches four times the rows its statistics saw', () => {
    expect(statisticsStale(BATCH_ROWS, 4 * BATCH_ROWS - 1)).toBe(false);
    expect(statisticsStale(BATCH_ROWS, 4 * BATCH_ROWS)).toBe(true);
    expect(statisticsStale(1_000_000, 1_000_000 + 50_000)).toBe(false);
  });
});
