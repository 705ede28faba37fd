import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import { logger } from '../log.ts';
import { startEmbeddedMongod, type EmbeddedMongod } from './mongod.ts';

const log = logger('db');

export interface Database {
  uri: string;
  close(): Promise<void>;
}

/** Connects mongoose to `uri` and makes sure every model's collection and indexes exist. */
export async function connectMongoose(uri: string): Promise<void> {
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 15_000 });
  // Collections must exist before the first transaction writes to them.
  for (const model of Object.values(mongoose.models)) {
    await model.createCollection();
    await model.syncIndexes();
  }
  log.info({ database: mongoose.connection.name }, 'database connected');
}

async function answers(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 1500 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

/**
 * Uses MONGODB_URI when it is set, else starts the embedded mongod with its data under
 * `dataDir/db`, so a restart keeps everything.
 */
export async function openDatabase(options: { mongodbUri: string | undefined; dataDir: string; mongodPort: number }): Promise<Database> {
  let embedded: EmbeddedMongod | undefined;
  let uri = options.mongodbUri;
  if (uri === undefined) {
    const running = `mongodb://127.0.0.1:${options.mongodPort}/jindutong?replicaSet=rs0`;
    if (await answers(running)) {
      // Another process of this product (npm start) already runs the embedded mongod on this data.
      uri = running;
    } else {
      embedded = await startEmbeddedMongod({ dbPath: resolve(join(options.dataDir, 'db')), port: options.mongodPort });
      uri = new URL(embedded.uri).toString().replace('/?', '/jindutong?');
    }
  }
  await connectMongoose(uri);
  return {
    uri,
    close: async () => {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}
