import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeenKeys } from './seen-keys.ts';
import { timeOrderedIds } from './time-ordered-ids.ts';

describe('the keys an import has seen', () => {
  it('names the line of the first occurrence of a key, across growth to 200,000 keys', () => {
    const seen = new SeenKeys();
    for (let i = 0; i < 200_000; i++) assert.equal(seen.checkAndAdd(`key-${i}`, i + 2), undefined);
    assert.equal(seen.size, 200_000);
    assert.equal(seen.checkAndAdd('key-0', 999_999), 2);
    assert.equal(seen.checkAndAdd('key-123456', 999_999), 123_458);
    assert.equal(seen.checkAndAdd('key-200000', 999_999), undefined);
  });
});

describe('time-ordered person ids', () => {
  it('are version 7 UUIDs, distinct and in order within a call and across calls', () => {
    const first = timeOrderedIds(20_000);
    const uuid7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.ok(first.every((id) => uuid7.test(id)));
    assert.equal(new Set(first).size, first.length);
    assert.deepEqual([...first].sort(), first);
    const later = Date.now() + 2;
    while (Date.now() < later);
    assert.ok(timeOrderedIds(1)[0]! > first.at(-1)!);
  });
});
