/**
 * Mesh operations: durable jobs of idempotent steps that change meshes and
 * their clusters, with their steps and their (redacted) log.
 *
 * Timestamps are written from JavaScript Dates only (never the database's
 * clock), so that lease comparisons use one clock and read back the same on
 * SQLite and PostgreSQL. Nothing here is secret: step state and outputs are
 * non-secret by contract, and log lines are redacted before they are written.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('meshfleet_operations', table => {
    table.comment('Mesh operations: what was asked, where it is, who runs it');
    table.string('id', 36).primary().notNullable().comment('UUID');
    // No foreign key: an operation outlives its mesh (mesh.delete) and may precede it (mesh.create).
    table.string('mesh_id', 63).notNullable().index();
    table.string('kind', 63).notNullable();
    table.string('status', 16).notNullable().comment('pending, running, succeeded or failed');
    table.text('params').notNullable().comment('The validated request as JSON (never secrets)');
    table.string('requested_by', 255).notNullable().comment('User entity ref or service subject');
    table.string('idempotency_key', 255).nullable().unique();
    // The mesh id while the operation is pending or running, null otherwise:
    // its uniqueness makes "one operation per mesh at a time" a database
    // guarantee, also for two replicas starting operations at the same moment.
    table.string('active_mesh_id', 63).nullable().unique();
    table.timestamp('created_at', { useTz: true }).notNullable().index();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.string('claimed_by', 64).nullable().comment('The replica that runs it now');
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.text('error').nullable().comment('JSON { step, message, completedSteps, hint } when failed');
    table.text('outputs').notNullable().comment('JSON object of non-secret results');
    table.text('state').notNullable().comment('JSON object of non-secret values steps hand to later steps');
  });
  await knex.schema.createTable('meshfleet_operation_steps', table => {
    table.comment('The steps of each operation, in order');
    table.string('operation_id', 36).notNullable().references('id').inTable('meshfleet_operations').onDelete('CASCADE');
    table.integer('idx').notNullable();
    table.string('id', 63).notNullable();
    table.text('title').notNullable();
    table.string('status', 16).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('detail').nullable();
    table.primary(['operation_id', 'idx']);
  });
  await knex.schema.createTable('meshfleet_operation_log', table => {
    table.comment('The redacted log of each operation');
    table.string('operation_id', 36).notNullable().references('id').inTable('meshfleet_operations').onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('level', 8).notNullable();
    table.string('step', 63).nullable();
    table.text('message').notNullable();
    table.primary(['operation_id', 'seq']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('meshfleet_operation_log');
  await knex.schema.dropTable('meshfleet_operation_steps');
  await knex.schema.dropTable('meshfleet_operations');
};
