import { afterAll, describe } from 'vitest';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openPgClient } from '../../../store/pg-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { registryAdminSuite } from './registry-admin-suite.js';

describe('registry admin API and audit log (pglite)', () => {
  registryAdminSuite(() => openPgliteClient());
});

describePostgres('registry admin API and audit log (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  registryAdminSuite(() => openPgClient(databaseUrl, { schema }));
});
