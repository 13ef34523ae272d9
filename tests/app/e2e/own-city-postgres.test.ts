import { describePostgres, dropSchema, schemaDatabaseUrl, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { ownCitySuite } from './own-city-suite.js';

describePostgres('a city of its own, end to end (PostgreSQL)', (databaseUrl) => {
  const schema = uniqueSchemaName('gt_own_city');
  ownCitySuite({
    // A schema of its own, first on the search path of every connection (the twin's and the imports').
    databaseUrl: () => schemaDatabaseUrl(databaseUrl, schema),
    drop: () => dropSchema(databaseUrl, schema),
  });
});
