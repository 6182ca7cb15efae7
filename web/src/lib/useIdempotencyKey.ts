import { useRef } from 'react';
import { newIdempotencyKey } from '../api/appeals';

/**
 * One Idempotency-Key per submission: a retry of the same body reuses the key (so the server
 * answers it once), an edited body gets a fresh one (the server rejects a key with another body).
 */
export function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  return {
    keyFor(body: unknown): string {
      const text = JSON.stringify(body);
      if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
      return last.current.key;
    },
    reset() {
      last.current = null;
    },
  };
}
