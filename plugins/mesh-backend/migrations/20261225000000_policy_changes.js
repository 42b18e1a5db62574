/**
 * The policy history: every write Meshfleet made to a mesh's Istio policies
 * (apply, delete, drift adopt and revert), with who, when and the diff; and
 * the object's content after it, which drift detection compares the config
 * cluster with (what Meshfleet last wrote).
 *
 * Timestamps are written from JavaScript Dates (as the operations tables'
 * are). `id` orders the changes: newest first is highest id first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('meshfleet_policy_changes', table => {
    table.comment('Writes Meshfleet made to mesh policies: who, what, when, diff, and the content after');
    table.bigIncrements('id');
    // No foreign key: a mesh's history outlives its registration (and discovered meshes have none).
    table.string('mesh_id', 63).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable().comment('User entity ref or service subject');
    table.string('action', 16).notNullable().comment('created, updated, deleted, adopted or reverted');
    table.string('kind', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.text('diff').notNullable();
    table.text('after').nullable().comment('JSON { labels, annotations, spec } after the write; null when it deleted the object');
    table.index(['mesh_id', 'id'], 'meshfleet_policy_changes_mesh_idx');
    table.index(['mesh_id', 'kind', 'namespace', 'name'], 'meshfleet_policy_changes_object_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('meshfleet_policy_changes');
};
