// Jest setupFilesAfterEnv: before a test file's own hooks, gives it its own database (a copy of the run's migrated
// template) in DATABASE_URL, which startTestStack, the child apps and the fault helpers all read.
import { copyDatabase, fileDatabaseName } from './test-databases';

beforeAll(async () => {
  const server = process.env.TEST_SERVER_DATABASE_URL;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  const prefix = process.env.TEST_DATABASE_PREFIX;
  if (!server || !template || !prefix)
    throw new Error('run the tests with npm test (global-setup prepares the template)');
  process.env.DATABASE_URL = await copyDatabase(server, template, fileDatabaseName(prefix));
});
