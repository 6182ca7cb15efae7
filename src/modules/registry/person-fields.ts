import type { Region } from '@core/regions/regions.service.ts';

/*
 * Field rules of a person record shared by every way a person enters the registry (the counter's
 * register/correct and the bulk import), so a file can never hold what the counter would refuse.
 */

/** A mobile number as stored: 11 digits starting with 1, with spaces and dashes dropped; undefined if it is not one. */
export function normalizeMobile(phone: string): string | undefined {
  const digits = phone.replace(/[\s-]/g, '');
  return /^1\d{10}$/.test(digits) ? digits : undefined;
}

/** 户籍 household registration is kept at county (3) or town/street (4) level, the levels that serve a person. */
export function householdRegionProblem(region: Pick<Region, 'level'> | undefined): 'unknown_region' | 'region_not_local' | undefined {
  if (!region) return 'unknown_region';
  return region.level < 3 ? 'region_not_local' : undefined;
}

/** The longest name the registry's API accepts. */
export const NAME_MAX_LENGTH = 50;
