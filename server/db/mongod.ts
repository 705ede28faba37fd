import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import mongoose from 'mongoose';
import { logger } from '../log.ts';
import { findMongodBinary } from './mongod-binary.ts';

const log = logger('db');

export interface EmbeddedMongod {
  uri: string;
  stop(): Promise<void>;
}

export interface EmbeddedMongodOptions {
  dbPath: string;
  /** Fixed for a persistent data folder, because the replica set config records host:port. */
  port?: number;
  replSet?: string;
  /** WiredTiger cache in GB. Default 0.25, small because the demo and tests store little data. */
  cacheSizeGB?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

function waitForExitOrReady(child: ChildProcess): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Waiting for connections')) {
        child.stdout?.off('data', onData);
        resolveReady();
      }
      if (output.length > 200_000) output = output.slice(-50_000);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      const tail = output.split('\n').slice(-5).join('\n');
      reject(new Error(`mongod 启动失败（退出码 ${String(code)}）：${tail}`));
    });
  });
}

async function initiateReplicaSet(uri: string, replSet: string, port: number): Promise<void> {
  const client = new mongoose.mongo.MongoClient(uri, { directConnection: true, serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const admin = client.db('admin');
    try {
      await admin.command({ replSetGetStatus: 1 });
    } catch {
      await admin.command({
        replSetInitiate: { _id: replSet, members: [{ _id: 0, host: `127.0.0.1:${port}` }] },
      });
    }
    // A fresh or restarted single-node set needs a moment to elect itself primary.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const hello = await admin.command({ hello: 1 });
      if (hello.isWritablePrimary === true) return;
      if (Date.now() > deadline) throw new Error('副本集未能在 30 秒内选出主节点');
      await new Promise((wait) => setTimeout(wait, 200));
    }
  } finally {
    await client.close();
  }
}

/** Starts mongod as a single-node replica set on loopback so that transactions work. */
export async function startEmbeddedMongod(options: EmbeddedMongodOptions): Promise<EmbeddedMongod> {
  const binary = findMongodBinary();
  const port = options.port ?? (await freePort());
  const replSet = options.replSet ?? 'rs0';
  mkdirSync(options.dbPath, { recursive: true });

  const child = spawn(
    binary,
    ['--dbpath', options.dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--replSet', replSet,
      '--wiredTigerCacheSizeGB', String(options.cacheSizeGB ?? 0.25), '--setParameter', 'diagnosticDataCollectionEnabled=false'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForExitOrReady(child);
  child.removeAllListeners('exit');
  // Drain the log so the pipe never fills and blocks mongod.
  child.stdout?.resume();
  child.stderr?.resume();
  log.info({ port, dbPath: options.dbPath, pid: child.pid }, 'mongod started');

  const directUri = `mongodb://127.0.0.1:${port}/`;
  await initiateReplicaSet(directUri, replSet, port);

  return {
    uri: `mongodb://127.0.0.1:${port}/?replicaSet=${replSet}`,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}
