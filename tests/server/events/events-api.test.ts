import { afterAll, describe } from 'vitest';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openPgClient } from '../../../store/pg-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { eventsApiSuite } from './events-api-suite.js';

describe('server/routes/events.routes (pglite)', () => {
  eventsApiSuite(() => openPgliteClient());
});

describePostgres('server/routes/events.routes (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  eventsApiSuite(() => openPgClient(databaseUrl, { schema }));
});
