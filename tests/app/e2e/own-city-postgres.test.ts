import pg from 'pg';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { ownCitySuite } from './own-city-suite.js';

describePostgres('a city of its own, end to end (PostgreSQL)', (databaseUrl) => {
  const schema = uniqueSchemaName('gt_own_city');
  ownCitySuite({
    // A schema of its own, first on the search path of every connection (the twin's and the imports').
    async databaseUrl() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await client.end();
      }
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
    drop: () => dropSchema(databaseUrl, schema),
  });
});
