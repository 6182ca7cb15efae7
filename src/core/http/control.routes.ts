import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../platform.ts';
import { appError } from './errors.ts';
import { safeEqual, randomToken } from '../crypto/field-crypto.ts';
import { writeBackup, type SchemaModule } from '../db/backup.ts';

/**
 * The embedded database belongs to the server process, so CLI commands that need it while the
 * server runs (backup, audit:verify) ask the server. The channel is loopback-only and needs a
 * token that the server writes into its data directory, readable by its owner alone.
 */
const CONTROL_FILE = 'control.json';
const HEADER = 'x-minsheng-control';

export interface ControlInfo {
  port: number;
  token: string;
}

export function writeControlFile(dataDir: string, info: ControlInfo) {
  writeFileSync(path.join(dataDir, CONTROL_FILE), JSON.stringify(info), { mode: 0o600 });
}

export function removeControlFile(dataDir: string) {
  rmSync(path.join(dataDir, CONTROL_FILE), { force: true });
}

export function readControlFile(dataDir: string): ControlInfo | undefined {
  const file = path.join(dataDir, CONTROL_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ControlInfo) : undefined;
}

export function controlRoutes(platform: Platform, schema: SchemaModule, token: string = randomToken()) {
  function check(request: FastifyRequest) {
    const header = request.headers[HEADER];
    const loopback = request.socket.remoteAddress === '127.0.0.1' || request.socket.remoteAddress === '::1' || request.socket.remoteAddress === '::ffff:127.0.0.1';
    if (!loopback || typeof header !== 'string' || !safeEqual(header, token)) throw appError('forbidden');
  }
  const routes = async (app: FastifyInstance) => {
    app.get('/api/system/control/backup', { schema: { hide: true } }, async (request, reply) => {
      check(request);
      const stream = new PassThrough();
      writeBackup(platform.database, stream, schema).catch((error: unknown) => stream.destroy(error as Error));
      return reply.type('application/gzip').send(stream);
    });
    app.get('/api/system/control/audit-verify', { schema: { hide: true } }, async (request) => {
      check(request);
      await platform.audit.seal();
      return platform.audit.verifyAll();
    });
  };
  return { token, routes };
}

export { HEADER as CONTROL_HEADER };
