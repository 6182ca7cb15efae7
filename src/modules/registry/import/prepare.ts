import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FieldCipher } from '@core/config/config.ts';
import type { Platform } from '@core/platform.ts';
import type { Region } from '@core/regions/regions.service.ts';
import type { AnyDataset, PrepareEnv, Prepared, RowFields } from './dataset.ts';

/** Checks and encrypts rows in batches, in order: on this thread, or spread over worker threads. */
export interface Preparer {
  /** Batches that may be under way at once. */
  readonly parallelism: number;
  prepare(batch: RowFields[]): Promise<Prepared<unknown>[]>;
  close(): Promise<void>;
}

/** What a worker needs to check and encrypt rows exactly as the platform would. */
export interface WorkerSetup {
  dataset: string;
  fieldKey: Buffer;
  indexKey: Buffer;
  fieldCipher: FieldCipher;
  /** Every division code with its level (the platform's region tree). */
  regions: [string, number][];
}

function allRegions(platform: Pick<Platform, 'regions'>): [string, number][] {
  const out: [string, number][] = [];
  const walk = (parent: string | null) => {
    for (const r of platform.regions.children(parent)) {
      out.push([r.code, r.level]);
      walk(r.code);
    }
  };
  walk(null);
  return out;
}

function inlinePreparer(platform: Platform, dataset: AnyDataset): Preparer {
  const env: PrepareEnv = {
    crypto: platform.crypto,
    region: (code) => platform.regions.get(code) as Pick<Region, 'code' | 'level'> | undefined,
    today: new Date(),
  };
  return {
    parallelism: 0,
    prepare: async (batch) => batch.map((fields) => dataset.prepare(fields, env)),
    close: async () => undefined,
  };
}

/**
 * A worker running a TypeScript file. Node 20 does not hand the parent's module hooks to a
 * worker, so the worker registers tsx itself before it loads the file.
 */
function startWorker(file: URL, workerData: unknown): Worker {
  // A worker holds a few batches at a time: a small heap keeps the process's memory bounded.
  const resourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };
  if (!file.pathname.endsWith('.ts')) return new Worker(file, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

type Reply = { id: number; results: Prepared<unknown>[] } | { id: number; error: string } | { probe: { encrypted: string; hash: string } };

/**
 * Worker threads, each with its own copy of the field keys and the region codes. Batches go to
 * the workers in turn; results come back as promises that the caller settles in file order. A
 * worker that fails fails every batch after it, so an import stops rather than waits.
 */
async function workerPreparer(platform: Platform, dataset: AnyDataset, count: number): Promise<Preparer> {
  const setup: WorkerSetup = {
    dataset: dataset.name,
    fieldKey: platform.config.secrets.fieldKey,
    indexKey: platform.config.secrets.indexKey,
    fieldCipher: platform.config.fieldCipher,
    regions: allRegions(platform),
  };
  const pending = new Map<number, { resolve: (r: Prepared<unknown>[]) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  let closing = false;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const workers = Array.from({ length: count }, () => startWorker(new URL('./prepare.worker.ts', import.meta.url), setup));
  const ready = workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        worker.once('message', (reply: Reply) => {
          // The worker's first word is a probe: what it encrypts, the platform must read back.
          const probe = 'probe' in reply ? reply.probe : undefined;
          if (!probe || platform.crypto.decrypt(probe.encrypted) !== 'probe' || probe.hash !== platform.crypto.lookupHash('probe', 'probe')) {
            reject(new Error('an import worker does not encrypt as the platform does'));
          } else resolve();
        });
        worker.on('message', (message: Reply) => {
          if ('probe' in message) return;
          const waiting = pending.get(message.id);
          pending.delete(message.id);
          if ('error' in message) waiting?.reject(new Error(message.error));
          else waiting?.resolve(message.results);
        });
        worker.on('error', (error) => {
          reject(error);
          fail(error);
        });
        worker.on('exit', (code) => {
          if (!closing) fail(new Error(`an import worker stopped (exit code ${code})`));
        });
      }),
  );
  const close = async () => {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  };
  try {
    await Promise.all(ready);
  } catch (error) {
    await close();
    throw error;
  }
  let turn = 0;
  let nextId = 0;
  return {
    parallelism: count * 2,
    prepare(batch) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const worker = workers[turn++ % workers.length]!;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, batch });
      });
    },
    close,
  };
}

/**
 * One worker when there is a second core: the main thread reads the file and talks to the
 * database while the worker encrypts (measured on 2 cores: about 1.3–1.6× the rows per second
 * of the main thread alone). More workers would only wait for the database.
 */
export const defaultWorkers = () => (availableParallelism() >= 2 ? 1 : 0);

export function createPreparer(platform: Platform, dataset: AnyDataset, workers: number): Promise<Preparer> {
  return workers > 0 ? workerPreparer(platform, dataset, workers) : Promise.resolve(inlinePreparer(platform, dataset));
}
