import type { RoutingLevel } from './appeals.tables.ts';

export interface RoutingRule {
  categoryCode: string | null;
  regionPrefix: string;
  level: RoutingLevel;
}

export interface DepartmentRef {
  id: string;
  regionCode: string;
}

const LEVEL_LENGTH: Record<RoutingLevel, number> = { town: 9, county: 6, city: 4 };

/** The rule for an appeal: the longest matching region prefix wins, then a category-specific rule. */
export function pickRule(rules: readonly RoutingRule[], categoryCode: string, regionCode: string): RoutingRule | undefined {
  return rules
    .filter((r) => (r.categoryCode === null || r.categoryCode === categoryCode) && regionCode.startsWith(r.regionPrefix))
    .sort((a, b) => b.regionPrefix.length - a.regionPrefix.length || Number(b.categoryCode !== null) - Number(a.categoryCode !== null))[0];
}

/**
 * The department that handles an appeal at `level` for `regionCode`: the department of the
 * region at that level, or the nearest one above it when that region has none.
 */
export function departmentFor(departments: readonly DepartmentRef[], regionCode: string, level: RoutingLevel): DepartmentRef | undefined {
  const byRegion = new Map<string, DepartmentRef>();
  for (const d of [...departments].sort((a, b) => a.id.localeCompare(b.id))) if (!byRegion.has(d.regionCode)) byRegion.set(d.regionCode, d);
  for (const length of [9, 6, 4, 2]) {
    if (length > LEVEL_LENGTH[level] || length > regionCode.length) continue;
    const found = byRegion.get(regionCode.slice(0, length));
    if (found) return found;
  }
  return undefined;
}

/** One level up from a department's region (town → county → city → province). */
export function parentRegion(regionCode: string): string | undefined {
  if (regionCode.length > 6) return regionCode.slice(0, 6);
  if (regionCode.length > 4) return regionCode.slice(0, 4);
  if (regionCode.length > 2) return regionCode.slice(0, 2);
  return undefined;
}

/** The level of a region code's department. */
export function levelOf(regionCode: string): RoutingLevel | 'province' {
  return regionCode.length >= 9 ? 'town' : regionCode.length >= 6 ? 'county' : regionCode.length >= 4 ? 'city' : 'province';
}
