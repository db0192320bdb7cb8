// Every table that keeps rows per visitor, besides the events and their summaries
// (taro_udesk_visitors, which erasure settles with their counts and deletes last: eraseStep.ts).
// Each step of an erasure deletes each listed table's rows of the visitors it covers, so a feature
// that adds such a table adds one line here, and erasure covers it. Only these constants reach SQL
// text, never client data.

export interface PerVisitorTable {
  /** The table's name. */
  readonly table: string;
  /** Its column holding the visitor id. */
  readonly visitorColumn: string;
  /** Its column holding the app id (rows are per app and visitor), or null when it has none. */
  readonly appColumn: string | null;
}

export const PER_VISITOR_TABLES: readonly PerVisitorTable[] = [
  // The sessions and order numbers each visitor has shown, for the agent's first-screen counts (issue 18).
  { table: 'taro_udesk_visitor_keys', visitorColumn: 'visitor', appColumn: 'app_id' },
  // Each visitor's highest visitorSeq and count, for delivery loss (issue 19 item 6).
  { table: 'taro_udesk_sequences', visitorColumn: 'visitor', appColumn: 'app_id' },
];

/** Deletes a visitor's rows in every app: $1 the visitor. */
export const deleteVisitorRowsSql = (table: PerVisitorTable): string =>
  `DELETE FROM ${table.table} WHERE ${table.visitorColumn} = $1`;

/** Deletes a visitor's rows in one app ($1 the visitor, $2 the app); every app's when the table has no app column. */
export const deleteAppVisitorRowsSql = (table: PerVisitorTable): string =>
  table.appColumn === null
    ? `DELETE FROM ${table.table} WHERE ${table.visitorColumn} = $1 AND $2::text IS NOT NULL`
    : `DELETE FROM ${table.table} WHERE ${table.visitorColumn} = $1 AND ${table.appColumn} = $2`;
