import '../common/utc-process.js';
import 'reflect-metadata';
import { loadConfig } from '../config/config.js';
import { createDataSource, dataSourceOptions } from './data-source-options.js';

/**
 * The data source the TypeORM CLI uses (`migration:generate`, `migration:generate --check`),
 * built from the same `DATABASE_URL` as the server. The migrations glob lets the CLI see new files.
 */
const options = dataSourceOptions(loadConfig().database);
export default createDataSource(options);
