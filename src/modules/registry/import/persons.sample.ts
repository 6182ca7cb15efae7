import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fakerZH_CN as faker } from '@faker-js/faker';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { readDivisionTree } from '@core/regions/regions.service.ts';

export interface SamplePerson {
  id_number: string;
  name: string;
  household_region: string;
  phone: string;
}

const DAY_MS = 86_400_000;
const FIRST_BIRTH = Date.UTC(1950, 0, 1);
const BIRTH_DAYS = 25_000; // born 1950–2018

/**
 * Synthetic persons for tests and benchmarks: valid ID numbers over the real county codes, the
 * household region that county or one of its towns, a faker zh_CN name and mostly a mobile
 * number. The same seed gives the same people; no two share an ID number (up to about three
 * million of them).
 */
export function* samplePersons(count: number, seed = 20261129): Generator<SamplePerson> {
  faker.seed(seed);
  const tree = readDivisionTree();
  const towns = new Map<string, string[]>();
  for (const r of tree) {
    if (r.level !== 4) continue;
    const county = r.code.slice(0, 6);
    let list = towns.get(county);
    if (!list) towns.set(county, (list = []));
    list.push(r.code);
  }
  const counties = tree.filter((r) => r.level === 3 && towns.has(r.code)).map((r) => r.code);
  for (let i = 0; i < count; i++) {
    const c = i % counties.length;
    const county = counties[c]!;
    // Within a county, row k gets sequence k mod 1000 and a birth date that changes every 1000 rows.
    const k = Math.floor(i / counties.length);
    const day = (Math.floor(k / 1000) * 7919 + k * 13 + c * 31) % BIRTH_DAYS;
    const birthDate = new Date(FIRST_BIRTH + day * DAY_MS).toISOString().slice(0, 10);
    const sequence = k % 1000;
    const sex = sequence % 2 === 1 ? 'male' : 'female';
    const countyTowns = towns.get(county)!;
    yield {
      id_number: makeResidentId(county, birthDate, sequence),
      name: faker.person.lastName() + faker.person.firstName(sex),
      // A county code ending in 00 (a city without counties, such as 中山市 442000) reads as the
      // city itself, so those persons belong to a town.
      household_region: i % 4 === 0 && !county.endsWith('00') ? county : countyTowns[i % countyTowns.length]!,
      phone: i % 10 === 0 ? '' : `1${'35789'[i % 5]}${faker.string.numeric(9)}`,
    };
  }
}

/** Writes sample persons as a CSV file with the import's header, streaming with backpressure. */
export async function writeSamplePersonsCsv(file: string, count: number, seed?: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('id_number,name,household_region,phone\n');
  let buffer = '';
  for (const p of samplePersons(count, seed)) {
    buffer += `${p.id_number},${p.name},${p.household_region},${p.phone}\n`;
    if (buffer.length > 64 * 1024) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await once(out, 'finish');
}
