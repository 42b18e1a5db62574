import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_IDS: TestDatabaseId[] = ['POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13'];

/**
 * SQLite always; PostgreSQL when the test command provided one (it sets
 * BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING for Debian's server).
 * With MESHFLEET_REQUIRE_POSTGRES=1 a missing PostgreSQL fails the run instead
 * of silently testing SQLite only; without it, a warning names the test file
 * whose database tests ran on SQLite only.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', ...POSTGRES_IDS], disableDocker: true });
  const postgres = POSTGRES_IDS.filter(id => databases.supports(id));
  if (process.env.MESHFLEET_REQUIRE_POSTGRES === '1' && postgres.length === 0) {
    throw new Error(
      'MESHFLEET_REQUIRE_POSTGRES=1 but no BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING is set; run the tests through scripts/test',
    );
  }
  if (postgres.length === 0) {
    // A plain `yarn test` has no PostgreSQL: say so rather than look like full coverage.
    // eslint-disable-next-line no-console
    console.warn(
      `${expect.getState().testPath ?? 'this test file'}: database tests ran on SQLite only; ` +
        'scripts/test also runs them on PostgreSQL (or set BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING)',
    );
  }
  return databases;
}
