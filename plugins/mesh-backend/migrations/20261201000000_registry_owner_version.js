/**
 * The write API's registry: every mesh gets an owner (entity ref) and a
 * version (optimistic concurrency), and every cluster of a mesh, control plane
 * included, goes into one table whose unique `cluster` column makes "a
 * cluster belongs to at most one mesh" a database guarantee, also for two
 * registrations racing for the same control-plane cluster. The control
 * plane's network lives there too.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('meshfleet_meshes', table => {
    table.string('owner', 255).nullable().comment('Entity ref of the owning group or user; null for meshes recorded before owners');
    table.integer('version').notNullable().defaultTo(1).comment('Incremented by every change; served as the ETag');
  });
  await knex.schema.createTable('meshfleet_mesh_clusters', table => {
    table.comment('Every cluster of every managed mesh, with its role; a cluster belongs to at most one mesh');
    table.string('mesh_id', 63).notNullable().references('id').inTable('meshfleet_meshes').onDelete('CASCADE');
    table.string('cluster', 255).notNullable().unique();
    table.string('role', 16).notNullable().comment('control-plane or member');
    table.string('network', 255).nullable().comment('topology.istio.io/network; null when not recorded');
    table.primary(['mesh_id', 'cluster']);
  });
  const members = await knex('meshfleet_mesh_members').select('mesh_id', 'cluster', 'network');
  if (members.length > 0) {
    await knex('meshfleet_mesh_clusters').insert(members.map(m => ({ ...m, role: 'member' })));
  }
  const meshes = await knex('meshfleet_meshes').select('id', 'control_plane_cluster');
  for (const mesh of meshes) {
    // A control plane that is already another mesh's member cannot be claimed
    // twice; the mesh keeps its record and shows the drift.
    await knex('meshfleet_mesh_clusters')
      .insert({ mesh_id: mesh.id, cluster: mesh.control_plane_cluster, role: 'control-plane', network: null })
      .onConflict('cluster')
      .ignore();
  }
  await knex.schema.dropTable('meshfleet_mesh_members');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('meshfleet_mesh_members', table => {
    table.string('mesh_id', 63).notNullable().references('id').inTable('meshfleet_meshes').onDelete('CASCADE');
    table.string('cluster', 255).notNullable().unique();
    table.string('network', 255).notNullable();
    table.primary(['mesh_id', 'cluster']);
  });
  const members = await knex('meshfleet_mesh_clusters').where({ role: 'member' }).select('mesh_id', 'cluster', 'network');
  if (members.length > 0) {
    await knex('meshfleet_mesh_members').insert(members.map(m => ({ ...m, network: m.network ?? '' })));
  }
  await knex.schema.dropTable('meshfleet_mesh_clusters');
  await knex.schema.alterTable('meshfleet_meshes', table => {
    table.dropColumn('owner');
    table.dropColumn('version');
  });
};
