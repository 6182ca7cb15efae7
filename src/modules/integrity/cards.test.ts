import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EARTH_RADIUS_KM, haversineKm, impossibleTravel, peerOutliers, percentile, travelHorizonHours, usesAfterDeath, usesAfterLost, type PeerSample, type PlacedUse } from './cards.detect.ts';

const YINCHUAN = { latitude: 38.4872, longitude: 106.2309 };
const BEIJING = { latitude: 39.9042, longitude: 116.4074 };
const URUMQI = { latitude: 43.8256, longitude: 87.6168 };
const GENERAL_HOSPITAL = { latitude: 38.47, longitude: 106.24 }; // 宁夏医科大学总医院, approximately

const at = (iso: string) => new Date(iso);
const use = (id: number, place: { latitude: number; longitude: number }, usedAt: string, cardId = 'card-1'): PlacedUse => ({ id, cardId, usedAt: at(usedAt), ...place });

describe('haversine distance', () => {
  it('measures one degree along a meridian as 2πR/360 = 111.195 km', () => {
    // By hand: 6371.0088 × π / 180 = 111.19508 km.
    assert.ok(Math.abs(haversineKm({ latitude: 38, longitude: 106 }, { latitude: 39, longitude: 106 }) - 111.19508) < 1e-4);
    assert.ok(Math.abs(haversineKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 }) - (EARTH_RADIUS_KM * Math.PI) / 180) < 1e-9);
  });

  it('puts 银川 (38.4872N 106.2309E) 890.5 km from 北京 (39.9042N 116.4074E)', () => {
    // Reference: the spherical law of cosines on the same sphere, R·acos(sinφ1·sinφ2 + cosφ1·cosφ2·cosΔλ),
    // gives 890.485 km; Vincenty's formula on the WGS 84 ellipsoid gives 892.56 km (the sphere is
    // 0.2 % short here, as expected at these latitudes). The often-quoted "≈ 887 km" is a rounder figure.
    const d = haversineKm(YINCHUAN, BEIJING);
    assert.equal(Math.round(d * 10) / 10, 890.5);
    const r = (x: number) => (x * Math.PI) / 180;
    const cosines =
      EARTH_RADIUS_KM *
      Math.acos(Math.sin(r(YINCHUAN.latitude)) * Math.sin(r(BEIJING.latitude)) + Math.cos(r(YINCHUAN.latitude)) * Math.cos(r(BEIJING.latitude)) * Math.cos(r(BEIJING.longitude - YINCHUAN.longitude)));
    assert.ok(Math.abs(d - cosines) < 1e-6);
    assert.equal(Math.round(haversineKm(YINCHUAN, URUMQI)), 1663);
  });

  it('is symmetric and zero for the same place', () => {
    assert.equal(haversineKm(YINCHUAN, YINCHUAN), 0);
    assert.equal(haversineKm(YINCHUAN, URUMQI), haversineKm(URUMQI, YINCHUAN));
  });
});

describe('impossible travel', () => {
  it('flags 银川 then 乌鲁木齐 one hour later (1663 km/h)', () => {
    const found = impossibleTravel([use(1, YINCHUAN, '2026-03-02T09:00:00+08:00'), use(2, URUMQI, '2026-03-02T10:00:00+08:00')]);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.from.id, 1);
    assert.equal(found[0]!.to.id, 2);
    assert.equal(Math.round(found[0]!.speedKmh!), 1663);
    assert.equal(found[0]!.hours, 1);
  });

  it('lets 银川 to 北京 in four hours pass (223 km/h: a flight with check-in) but not in two (445 km/h)', () => {
    assert.equal(impossibleTravel([use(1, YINCHUAN, '2026-03-02T08:00:00+08:00'), use(2, BEIJING, '2026-03-02T12:00:00+08:00')]).length, 0);
    assert.equal(impossibleTravel([use(1, YINCHUAN, '2026-03-02T08:00:00+08:00'), use(2, BEIJING, '2026-03-02T10:00:00+08:00')]).length, 1);
  });

  it('draws the line at the maximum speed itself: exactly 300 km/h passes, just above does not', () => {
    const km = haversineKm(YINCHUAN, BEIJING);
    const exactMs = (km / 300) * 3_600_000;
    const start = at('2026-03-02T08:00:00Z').getTime();
    const exact = impossibleTravel([
      { id: 1, cardId: 'c', usedAt: new Date(start), ...YINCHUAN },
      { id: 2, cardId: 'c', usedAt: new Date(start + Math.ceil(exactMs)), ...BEIJING },
    ]);
    assert.equal(exact.length, 0);
    const faster = impossibleTravel([
      { id: 1, cardId: 'c', usedAt: new Date(start), ...YINCHUAN },
      { id: 2, cardId: 'c', usedAt: new Date(start + Math.floor(exactMs) - 60_000), ...BEIJING },
    ]);
    assert.equal(faster.length, 1);
  });

  it('never flags uses within 10 km, even at the same minute', () => {
    // 宁夏医科大学总医院 is 2.1 km from the 银川 reference point.
    assert.ok(haversineKm(YINCHUAN, GENERAL_HOSPITAL) < 10);
    assert.equal(impossibleTravel([use(1, YINCHUAN, '2026-03-02T09:00:00+08:00'), use(2, GENERAL_HOSPITAL, '2026-03-02T09:00:00+08:00')]).length, 0);
  });

  it('flags two far places at the same time with no speed (it would be infinite)', () => {
    const found = impossibleTravel([use(1, YINCHUAN, '2026-03-02T09:00:00+08:00'), use(2, BEIJING, '2026-03-02T09:00:00+08:00')]);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.speedKmh, null);
  });

  it('compares only consecutive uses of the same card, in time order whatever the input order', () => {
    const uses = [
      use(3, URUMQI, '2026-03-05T09:00:00+08:00'),
      use(1, YINCHUAN, '2026-03-02T09:00:00+08:00'),
      // Three days in 银川 before flying to 乌鲁木齐: possible.
      use(2, YINCHUAN, '2026-03-04T09:00:00+08:00'),
      // Another card of someone else in 北京 an hour later: not the same card.
      use(4, BEIJING, '2026-03-02T10:00:00+08:00', 'card-2'),
    ];
    assert.deepEqual(impossibleTravel(uses), []);
  });

  it('bounds the earlier uses worth loading by half the Earth’s circumference at the maximum speed', () => {
    assert.equal(Math.round(travelHorizonHours({ maxSpeedKmh: 300 }) * 10) / 10, 66.7);
  });
});

describe('use after death or after the card was reported lost', () => {
  it('counts uses from the day after the death (China time), not on the day itself', () => {
    const uses = [
      { id: 1, usedAt: at('2026-04-10T23:30:00+08:00') },
      { id: 2, usedAt: at('2026-04-10T16:30:00Z') }, // 00:30 on 11 April in China
      { id: 3, usedAt: at('2026-04-12T09:00:00+08:00') },
    ];
    assert.deepEqual(
      usesAfterDeath(uses, '2026-04-10').map((u) => u.id),
      [2, 3],
    );
    assert.deepEqual(usesAfterDeath(uses, null), []);
  });

  it('counts uses while the card stood reported lost, not after it was found again', () => {
    const periods = [
      { from: at('2026-04-01T10:00:00+08:00'), to: at('2026-04-03T10:00:00+08:00') },
      { from: at('2026-05-01T10:00:00+08:00'), to: null },
    ];
    const uses = [
      { id: 1, usedAt: at('2026-04-01T09:59:00+08:00') },
      { id: 2, usedAt: at('2026-04-02T12:00:00+08:00') },
      { id: 3, usedAt: at('2026-04-20T12:00:00+08:00') },
      { id: 4, usedAt: at('2026-05-02T12:00:00+08:00') },
    ];
    assert.deepEqual(
      usesAfterLost(uses, periods).map((f) => f.use.id),
      [2, 4],
    );
  });
});

describe('above peers of the same age band and condition group', () => {
  const rules = { minPeers: 20, minValue: 12, medianFactor: 5, percentile: 0.99 };
  const cell = (n: number, values: (i: number) => number, name = '60|I'): PeerSample[] => Array.from({ length: n }, (_, i) => ({ personId: `p${i}`, cell: name, value: values(i) }));

  it('interpolates percentiles between closest ranks (percentile_cont)', () => {
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
    // 0.99 × (21 − 1) = 19.8: 80 % of the way from the 20th value to the 21st.
    const values = Array.from({ length: 21 }, (_, i) => i + 1);
    assert.ok(Math.abs(percentile(values, 0.99) - 20.8) < 1e-9);
  });

  it('flags 40 visits against 25 peers with 2–4 visits, with the peers’ median and p99', () => {
    // Peers: 2, 3, 4, 2, 3, 4, … (25 of them) → median 3, p99 4.
    const samples = [...cell(25, (i) => 2 + (i % 3)), { personId: 'heavy', cell: '60|I', value: 40 }];
    const found = peerOutliers(samples, rules);
    assert.deepEqual(
      found.map((f) => f.personId),
      ['heavy'],
    );
    assert.equal(found[0]!.peerCount, 25);
    assert.equal(found[0]!.peerMedian, 3);
    assert.equal(found[0]!.peerPercentile, 4);
    // max(4, 3 × 5) = 15.
    assert.equal(found[0]!.threshold, 15);
  });

  it('makes no judgement with fewer than 20 peers, however far above', () => {
    const samples = [...cell(19, () => 2), { personId: 'heavy', cell: '60|I', value: 400 }];
    assert.deepEqual(peerOutliers(samples, rules), []);
    // With a 20th peer the same person is judged.
    assert.equal(peerOutliers([...samples, { personId: 'p19', cell: '60|I', value: 2 }], rules).length, 1);
  });

  it('compares only within the cell: peers of another age band or condition do not count', () => {
    const samples = [...cell(25, () => 3, '70|I'), ...cell(10, () => 3, '60|I').map((s) => ({ ...s, personId: `q${s.personId}` })), { personId: 'heavy', cell: '60|I', value: 40 }];
    assert.deepEqual(peerOutliers(samples, rules), []);
  });

  it('needs both: above five times the median and above p99', () => {
    // Median 3 → 5 × median = 15; 14 visits is above every peer but not five times the median.
    assert.deepEqual(peerOutliers([...cell(25, (i) => 2 + (i % 3)), { personId: 'x', cell: '60|I', value: 14 }], rules), []);
    // A group where many visit often: p99 (30) is the higher bar.
    const busy = [...cell(24, (i) => (i < 21 ? 3 : 30)), { personId: 'x', cell: '60|I', value: 25 }];
    assert.deepEqual(peerOutliers(busy, rules), []);
  });

  it('needs at least 12 visits even in a quiet group', () => {
    const quiet = [...cell(30, () => 1), { personId: 'x', cell: '60|I', value: 11 }];
    assert.deepEqual(peerOutliers(quiet, rules), []);
    assert.equal(peerOutliers([...quiet.slice(0, 30), { personId: 'x', cell: '60|I', value: 12 }], rules).length, 1);
  });

  it('does not let an outlier raise its own bar: two equal outliers are both flagged', () => {
    const samples = [...cell(25, (i) => 2 + (i % 3)), { personId: 'a', cell: '60|I', value: 40 }, { personId: 'b', cell: '60|I', value: 40 }];
    assert.deepEqual(
      peerOutliers(samples, rules)
        .map((f) => f.personId)
        .sort(),
      ['a', 'b'],
    );
  });

  it('judges only the persons asked about, with everyone else as peers', () => {
    const samples = [...cell(25, (i) => 2 + (i % 3)), { personId: 'a', cell: '60|I', value: 40 }, { personId: 'b', cell: '60|I', value: 40 }];
    assert.deepEqual(
      peerOutliers(samples, rules, new Set(['b'])).map((f) => f.personId),
      ['b'],
    );
  });
});
