import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';

/** Bytes gathered before a write: big enough that stream overhead vanishes. */
const CHUNK = 256 * 1024;
/**
 * Bytes a stream may hold before the producer waits. Generous, so the one
 * generator keeps four PostgreSQL backends fed instead of waiting on the
 * slowest of them after every chunk.
 */
const HIGH_WATER_MARK = 16 * 1024 * 1024;

/**
 * One table's COPY FROM STDIN on its own connection: collects text-format
 * lines, writes them in chunks and tells the producer when to wait for
 * PostgreSQL to catch up.
 */
export class CopyWriter {
  readonly table: string;
  rows = 0;
  #client: pg.Client;
  #stream: CopyStreamQuery;
  #buffer = '';
  #waiting: Promise<void> | null = null;
  #error: Error | null = null;

  private constructor(client: pg.Client, table: string, stream: CopyStreamQuery) {
    this.#client = client;
    this.table = table;
    this.#stream = stream;
    stream.on('error', (error: Error) => (this.#error ??= error));
  }

  /**
   * Starts the COPY in a transaction of its own. With `freeze`, the table is
   * emptied first in the same transaction, which lets PostgreSQL write the rows
   * already frozen and all-visible (no VACUUM pass needed afterwards).
   */
  static async open(client: pg.Client, table: string, columns: readonly string[], options: { freeze: boolean }) {
    await client.query('begin');
    if (options.freeze) await client.query(`truncate table ${table}`);
    const stream = client.query(
      copyFrom(`copy ${table} (${columns.join(', ')}) from stdin with (format text${options.freeze ? ', freeze' : ''})`, { highWaterMark: HIGH_WATER_MARK }),
    );
    return new CopyWriter(client, table, stream);
  }

  push(lines: string, rows: number) {
    if (this.#error) throw this.#error;
    this.#buffer += lines;
    this.rows += rows;
    if (this.#buffer.length >= CHUNK) this.#flush();
  }

  /** A promise to await when PostgreSQL is behind, else null. */
  backlog(): Promise<void> | null {
    if (this.#error) return Promise.reject(this.#error);
    return this.#waiting;
  }

  #flush() {
    const chunk = this.#buffer;
    this.#buffer = '';
    if (!this.#stream.write(chunk) && !this.#waiting) {
      this.#waiting = new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.#stream.off('error', onError);
          this.#waiting = null;
          resolve();
        };
        const onError = (error: Error) => {
          this.#stream.off('drain', onDrain);
          reject(error);
        };
        this.#stream.once('drain', onDrain);
        this.#stream.once('error', onError);
      });
    }
  }

  /** Sends the rest, ends the COPY and commits; returns the rows PostgreSQL reports. */
  async finish(): Promise<number> {
    if (this.#buffer) this.#flush();
    if (this.#error) throw this.#error;
    const done = once(this.#stream, 'finish');
    this.#stream.end();
    await done;
    await this.#client.query('commit');
    return this.#stream.rowCount;
  }

  async abort() {
    this.#stream.destroy();
    await this.#client.query('rollback').catch(() => {});
  }
}
