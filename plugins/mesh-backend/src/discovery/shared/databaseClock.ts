import type { Knex } from 'knex';

/**
 * The database's current time in milliseconds since the epoch, as an SQL
 * expression. Lease times are compared on this one clock, so a replica whose
 * own clock runs ahead cannot take a lease before it expired.
 */
export function databaseNowMs(knex: Knex): Knex.Raw {
  const client = String(knex.client.config.client);
  if (client === 'pg') {
    return knex.raw('(extract(epoch from clock_timestamp()) * 1000)::bigint');
  }
  if (client === 'better-sqlite3' || client === 'sqlite3') {
    // julianday('now') carries milliseconds; 2440587.5 is the Unix epoch in Julian days.
    return knex.raw(
      "cast((julianday('now') - 2440587.5) * 86400000 as integer)",
    );
  }
  if (client === 'mysql' || client === 'mysql2') {
    return knex.raw('cast(unix_timestamp(now(3)) * 1000 as unsigned)');
  }
  throw new Error(
    `Meshfleet discovery: database client '${client}' is not supported; expected pg, better-sqlite3, sqlite3 or mysql2`,
  );
}
