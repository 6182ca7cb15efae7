import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';

/**
 * A PostgreSQL server for a benchmark: DATABASE_URL when given, else a throw-away cluster
 * started from Debian's postgresql package on a free loopback port (as CI does).
 */
export interface BenchPostgres {
  url: string;
  version: string;
  /** Another empty database on the same server. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function pgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')));
}

export async function benchPostgres(): Promise<BenchPostgres> {
  const given = process.env.DATABASE_URL;
  let stop = async () => undefined as void;
  let adminUrl: string;
  if (given) {
    adminUrl = given;
  } else {
    const bin = pgBin();
    if (!bin) throw new Error('no PostgreSQL: set DATABASE_URL or apt-get install postgresql');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-bench-pg-'));
    const port = await freePort();
    const asRoot = process.getuid?.() === 0;
    const run = (cmd: string, args: string[]) => {
      const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    };
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    run(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-instructions']);
    run(path.join(bin, 'pg_ctl'), [
      '-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w',
      '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=off`,
      'start',
    ]);
    adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    stop = async () => {
      run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'fast', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  const created: string[] = [];
  async function createDatabase(): Promise<string> {
    const name = `minsheng_bench_${Date.now()}_${created.length}`;
    await admin.query(`create database ${name}`);
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  return {
    url: await createDatabase(),
    version,
    createDatabase,
    async stop() {
      for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await stop();
    },
  };
}
