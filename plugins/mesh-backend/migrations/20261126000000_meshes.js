/**
 * The meshes Meshfleet created or adopted (desired state) and their member clusters.
 * Private keys never go here: they live as Secrets in the control-plane cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('meshfleet_meshes', table => {
    table.comment('Meshes managed by Meshfleet: the desired state');
    table.string('id', 63).primary().notNullable().comment('Mesh identifier, also the Istio meshID');
    table.string('title', 255).notNullable();
    table.string('type', 16).notNullable().comment('hosted, dedicated or external');
    table.string('control_plane_cluster', 255).notNullable().comment('Backstage cluster name running istiod');
    table.string('trust_domain', 255).notNullable();
    table.string('revision', 63).notNullable();
    table.string('istio_version', 32).nullable();
    table.timestamp('created_at', { useTz: false }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: false }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('meshfleet_mesh_members', table => {
    table.comment('Member (workload) clusters of hosted meshes');
    table.string('mesh_id', 63).notNullable().references('id').inTable('meshfleet_meshes').onDelete('CASCADE');
    // One istiod governs a cluster: a cluster can be a member of one mesh only.
    table.string('cluster', 255).notNullable().unique();
    table.string('network', 255).notNullable();
    table.primary(['mesh_id', 'cluster']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('meshfleet_mesh_members');
  await knex.schema.dropTable('meshfleet_meshes');
};
