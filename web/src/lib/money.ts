/** Money travels as integer fen (分); yuan appear only on screen and in forms. */

const groupedYuan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0, useGrouping: true });

/** 123456 → "¥1,234.56" */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  // Integer arithmetic, so that large amounts keep every fen.
  const yuan = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${groupedYuan.format(yuan)}.${cents}`;
}

/** "1234.5" (yuan, as typed) → 123450 fen; null when it is not an amount with at most two decimals. */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim().replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
