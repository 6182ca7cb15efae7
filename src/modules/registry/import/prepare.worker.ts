import { parentPort, workerData } from 'node:worker_threads';
import { createFieldCrypto } from '@core/crypto/field-crypto.ts';
import { normalizeRegionCode } from '@core/regions/regions.service.ts';
import type { PrepareEnv, RowFields } from './dataset.ts';
import { datasets } from './datasets.ts';
import type { WorkerSetup } from './prepare.ts';

// Checks and encrypts batches of rows for an import, with the platform's keys and region tree.
const setup = workerData as WorkerSetup;
const dataset = datasets[setup.dataset as keyof typeof datasets];
const levels = new Map(setup.regions);
const env: PrepareEnv = {
  // Built as createPlatform builds it; the parent checks the probe below before using this worker.
  crypto: createFieldCrypto(Buffer.from(setup.fieldKey), Buffer.from(setup.indexKey), setup.fieldCipher),
  region(code) {
    const normal = normalizeRegionCode(code);
    const level = levels.get(normal);
    return level === undefined ? undefined : { code: normal, level: level as 1 | 2 | 3 | 4 };
  },
  today: new Date(),
};
const port = parentPort!;
port.postMessage({ probe: { encrypted: env.crypto.encrypt('probe'), hash: env.crypto.lookupHash('probe', 'probe') } });
port.on('message', ({ id, batch }: { id: number; batch: RowFields[] }) => {
  try {
    port.postMessage({ id, results: batch.map((fields) => dataset.prepare(fields, env)) });
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message });
  }
});
