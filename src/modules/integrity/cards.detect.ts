/**
 * Card trajectory (用卡轨迹) detectors as pure functions: the service loads the uses and facts
 * of the persons a batch touched and writes what these return as findings. Kept free of the
 * database so that each rule can be shown with worked examples (cards.test.ts).
 */
import { chinaDate } from '@core/calendar/working-time.ts';

/** The thresholds of the card detectors; a deployment may pass its own. */
export interface CardRules {
  /**
   * Faster than this between two consecutive uses of one card is impossible travel. 300 km/h
   * is above any realistic door-to-door journey between Chinese cities once check-in and
   * getting to and from stations and airports are counted (high-speed rail runs at 300–350 km/h
   * station to station only).
   */
  maxSpeedKmh: number;
  /** Uses this close are never impossible: a town's hospitals and pharmacies, GPS error. */
  nearKm: number;
  /** The peer window: visits and amounts of the last this many days. */
  windowDays: number;
  /** With fewer peers (others in the same age band and condition group) there is no judgement. */
  minPeers: number;
  /** Fewer visits than this in the window are never above peers (small numbers are noise). */
  minVisits: number;
  /** Amounts below this in the window (fen) are never above peers. */
  minAmountFen: number;
  /** Above peers means above the peers' percentile AND above the peers' median times this factor. */
  medianFactor: number;
  percentile: number;
  ageBandYears: number;
}

export const defaultCardRules: CardRules = Object.freeze({
  maxSpeedKmh: 300,
  nearKm: 10,
  windowDays: 90,
  minPeers: 20,
  minVisits: 12,
  minAmountFen: 100_000,
  medianFactor: 5,
  percentile: 0.99,
  ageBandYears: 10,
});

/** Mean Earth radius (IUGG R1 = (2a + b) / 3 of WGS 84), in km. */
export const EARTH_RADIUS_KM = 6371.0088;

export interface LatLng {
  latitude: number;
  longitude: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance on the mean sphere (haversine formula), in km. */
export function haversineKm(a: LatLng, b: LatLng): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Two uses further apart in time than this can never be impossible travel: no two places on
 * Earth are more than half its circumference apart. Used to bound which earlier uses to load.
 */
export function travelHorizonHours(rules: Pick<CardRules, 'maxSpeedKmh'>): number {
  return (Math.PI * EARTH_RADIUS_KM) / rules.maxSpeedKmh;
}

export interface PlacedUse extends LatLng {
  id: number;
  cardId: string;
  usedAt: Date;
}

export interface TravelFinding<U extends PlacedUse> {
  from: U;
  to: U;
  distanceKm: number;
  hours: number;
  /** Null when both uses carry the same time (any distance beyond `nearKm` is then impossible). */
  speedKmh: number | null;
}

/**
 * Consecutive uses of the same card, in time order, whose implied speed (great-circle distance
 * over elapsed time) is above `maxSpeedKmh`; uses within `nearKm` of each other are never
 * impossible, whatever the time between them.
 */
export function impossibleTravel<U extends PlacedUse>(uses: readonly U[], rules: Pick<CardRules, 'maxSpeedKmh' | 'nearKm'> = defaultCardRules): TravelFinding<U>[] {
  const byCard = new Map<string, U[]>();
  for (const u of uses) {
    const list = byCard.get(u.cardId) ?? [];
    list.push(u);
    byCard.set(u.cardId, list);
  }
  const out: TravelFinding<U>[] = [];
  for (const list of byCard.values()) {
    list.sort((a, b) => a.usedAt.getTime() - b.usedAt.getTime() || a.id - b.id);
    for (let i = 1; i < list.length; i++) {
      const from = list[i - 1]!;
      const to = list[i]!;
      const distanceKm = haversineKm(from, to);
      if (distanceKm <= rules.nearKm) continue;
      const hours = (to.usedAt.getTime() - from.usedAt.getTime()) / 3_600_000;
      const speedKmh = hours > 0 ? distanceKm / hours : null;
      if (speedKmh === null || speedKmh > rules.maxSpeedKmh) out.push({ from, to, distanceKm, hours, speedKmh });
    }
  }
  return out;
}

/** Uses on a day (China time) after the holder died; a use on the day of death is not one. */
export function usesAfterDeath<U extends { usedAt: Date }>(uses: readonly U[], diedOn: string | null): U[] {
  if (!diedOn) return [];
  return uses.filter((u) => chinaDate(u.usedAt) > diedOn);
}

export interface LostPeriod {
  from: Date;
  /** When the card was found again (解挂); null while it is still reported lost. */
  to: Date | null;
}

/** Uses after the card was reported lost and before it was found again, with the period they fall in. */
export function usesAfterLost<U extends { usedAt: Date }>(uses: readonly U[], lostPeriods: readonly LostPeriod[]): { use: U; period: LostPeriod }[] {
  const out: { use: U; period: LostPeriod }[] = [];
  for (const use of uses) {
    const t = use.usedAt.getTime();
    const period = lostPeriods.find((p) => t > p.from.getTime() && (p.to === null || t < p.to.getTime()));
    if (period) out.push({ use, period });
  }
  return out;
}

/** Whole years of age on a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The lower bound of the age band, e.g. 67 → 60 with 10-year bands. */
export function ageBand(birthDate: string, day: string, years = defaultCardRules.ageBandYears): number {
  return Math.floor(ageOn(birthDate, day) / years) * years;
}

/**
 * The p-th percentile of ascending values by linear interpolation between closest ranks
 * (the definition of PostgreSQL's percentile_cont and Excel's PERCENTILE.INC).
 */
export function percentile(sorted: Sorted, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (i: number) => (Array.isArray(sorted) ? (sorted as readonly number[])[i]! : (sorted as View).at(i));
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const lo = at(lower);
  return lo + (at(Math.ceil(position)) - lo) * (position - lower);
}

interface View {
  length: number;
  at(i: number): number;
}
type Sorted = readonly number[] | View;

/** The sorted values without the one at `skip`, as a view (no copy: cells can be large). */
function without(sorted: readonly number[], skip: number): View {
  return { length: sorted.length - 1, at: (i) => sorted[i < skip ? i : i + 1]! };
}

export interface PeerSample {
  personId: string;
  /** The peer group: age band and condition group. */
  cell: string;
  value: number;
}

export interface PeerOutlier extends PeerSample {
  peerCount: number;
  peerMedian: number;
  peerPercentile: number;
  /** max(peer percentile, peer median × factor): the value had to be above this. */
  threshold: number;
}

/**
 * Persons whose value is above their peers: above max(peers' p99, peers' median × 5) and at
 * least `minValue`, judged only with at least `minPeers` peers. A person's peers are the others
 * of the same cell — never the person — so that an outlier does not raise its own bar.
 * Only `subjects` are judged (the persons a batch touched); everyone in the cell is a peer.
 */
export function peerOutliers(
  samples: readonly PeerSample[],
  opts: { minPeers: number; minValue: number; medianFactor: number; percentile: number },
  subjects?: ReadonlySet<string>,
): PeerOutlier[] {
  const cells = new Map<string, PeerSample[]>();
  for (const s of samples) {
    const list = cells.get(s.cell) ?? [];
    list.push(s);
    cells.set(s.cell, list);
  }
  const out: PeerOutlier[] = [];
  for (const list of cells.values()) {
    if (list.length - 1 < opts.minPeers) continue;
    const sorted = list.map((s) => s.value).sort((a, b) => a - b);
    for (const s of list) {
      if (subjects && !subjects.has(s.personId)) continue;
      if (s.value < opts.minValue) continue;
      // The others: the sorted values without one occurrence of this person's value.
      const others = without(sorted, sorted.indexOf(s.value));
      const peerMedian = percentile(others, 0.5);
      const peerPercentile = percentile(others, opts.percentile);
      const threshold = Math.max(peerPercentile, peerMedian * opts.medianFactor);
      if (s.value > threshold) out.push({ ...s, peerCount: others.length, peerMedian, peerPercentile, threshold });
    }
  }
  return out;
}

/** Rounds to `digits` decimals for evidence (decisions use the exact values). */
export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
