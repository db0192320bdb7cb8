/** Runs one statement with bound parameters and returns its rows. */
export type SqlQuery = <Row>(text: string, values?: unknown[]) => Promise<Row[]>;

/**
 * What a store needs from a database connection: PGlite and a `pg` Pool each provide it in a few
 * lines, and everything else (SQL, group commit, pagination) is shared.
 */
export interface SqlExecutor {
  /** One statement in its own (implicit) transaction: it has committed when this resolves. */
  query: SqlQuery;
  /**
   * A read-only statement, which gives way to writes: on PGlite's single connection a waiting
   * write goes first; on PostgreSQL reads hold only some of the pool's connections.
   */
  read: SqlQuery;
  /** Several statements in one transaction on one connection; resolves after COMMIT. */
  transaction<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
