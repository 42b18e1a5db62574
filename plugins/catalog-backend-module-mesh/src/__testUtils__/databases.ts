/*
 * The databases the mesh backend's own database tests run on (SQLite, and
 * PostgreSQL under the test command, required there), one definition for all
 * of Meshfleet's packages. Not part of the mesh backend's public API, so it is
 * imported from its sources, in tests only (as the scaffolder module does).
 */
/* eslint-disable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
export { createTestDatabases } from '@meshfleet/plugin-mesh-backend/src/__testUtils__/testDatabases';
