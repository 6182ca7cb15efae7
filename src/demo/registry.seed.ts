import { asc } from 'drizzle-orm';
import { citizens } from '@core/auth/auth.tables.ts';
import type { Minsheng } from '../app.ts';
import { staffContext } from './appeals.seed.ts';

/**
 * Every demo citizen also stands in the person registry, registered by the city bureau's
 * caseworker through the same service (and audit trail) a counter uses.
 */
export async function seedDemoPersons(minsheng: Minsheng): Promise<number> {
  const { database, crypto } = minsheng.platform;
  const ctx = await staffContext(minsheng, 'yc.caseworker');
  const people = await database.db.select().from(citizens).orderBy(asc(citizens.createdAt));
  for (const c of people) {
    await minsheng.modules.registry.service.register(ctx, {
      idNumber: crypto.decrypt(c.idNumberEnc),
      name: c.name,
      householdRegion: c.regionCode,
      phone: c.phoneEnc ? crypto.decrypt(c.phoneEnc) : undefined,
    });
  }
  return people.length;
}
