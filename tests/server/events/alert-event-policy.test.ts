import { afterAll, describe } from 'vitest';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openPgClient } from '../../../store/pg-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { alertEventPolicySuite } from './alert-event-policy-suite.js';

describe('alert -> event policy: one incident, one event (pglite)', () => {
  alertEventPolicySuite(() => openPgliteClient());
});

describePostgres('alert -> event policy: one incident, one event (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  alertEventPolicySuite(() => openPgClient(databaseUrl, { schema }));
});
