import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/config.js';

/** Starts the API: validated config, migrations on start, then listen. Exits non-zero on a bad config. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  process.stdout.write(`ChargeOps API on http://localhost:${config.port}/api/v1 (docs: /docs, database: ${config.database.type})\n`);
}

void main();
