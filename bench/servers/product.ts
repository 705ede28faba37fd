// The product as the submission benchmark loads it: a child process, so that the load generator
// in the parent does not share its event loop. Sends { url } over IPC once it listens.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { startProduct } from '../../server/start.ts';

const mongodbUri = process.env.BENCH_MONGODB_URI;
if (mongodbUri === undefined) throw new Error('BENCH_MONGODB_URI is missing');

const product = await startProduct(
  loadConfig({
    PORT: '0',
    SIMULATOR_PORT: '0',
    MONGODB_URI: mongodbUri,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'jdt-bench-data-')),
    LOG_LEVEL: 'warn',
    SCHEDULER: 'off',
    // The benchmark sends thousands of submissions a minute from a few dozen people, so the
    // default of 30 per person per minute would reject nearly all of them with 429. The limiter
    // still runs and counts every request.
    RATE_LIMIT_SUBMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
  }),
);
process.send?.({ url: product.url });
process.once('SIGTERM', () => {
  void product.stop().then(() => process.exit(0));
});
