/**
 * Discovery shared between replicas: one replica holds a lease and watches the
 * clusters; it writes each cluster's snapshot here, and the other replicas
 * read it instead of watching the clusters themselves.
 *
 * The lease row also carries the generation of the shared snapshot: every
 * write raises it in the same transaction that checks the lease, so a replica
 * that lost the lease cannot write, and readers poll one small row. Lease
 * times are milliseconds on the database's clock, so replicas whose clocks
 * disagree still agree on when a lease expires.
 *
 * Nothing here is secret: snapshots hold cluster status (no credentials),
 * Istio state read from the clusters (remote secrets reduced to cluster ids
 * and server URLs) and Services.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('meshfleet_discovery_lease', table => {
    table.comment('Which replica holds the cluster watches, until when, and the shared snapshot generation');
    table.string('name', 63).primary().notNullable().comment("The lease: 'discovery'");
    table.string('holder', 255).nullable().comment('The replica holding the lease; null when released');
    table.bigInteger('expires_at_ms').notNullable().comment('Database clock, milliseconds since the epoch');
    table.bigInteger('generation').notNullable().defaultTo(0).comment('Raised by every write of the shared snapshot');
  });
  await knex.schema.createTable('meshfleet_discovery_clusters', table => {
    table.comment('Last snapshot of each cluster written by the lease holder, read by the other replicas');
    table.string('cluster', 255).primary().notNullable().comment('Backstage cluster name');
    table.bigInteger('generation').notNullable().index().comment('The generation that wrote this row');
    table.text('snapshot', 'longtext').notNullable().comment('ClusterSnapshot as JSON (status, Istio state, Services)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('meshfleet_discovery_clusters');
  await knex.schema.dropTable('meshfleet_discovery_lease');
};
