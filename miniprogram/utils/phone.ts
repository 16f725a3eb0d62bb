/** Phone numbers as people read and dial them. */

/** `13800001111` → `138 0000 1111` (mainland mobile); other numbers as given, trimmed. */
export function formatPhone(number: string | undefined): string {
  const n = String(number ?? '').replace(/\s+/g, '');
  if (/^1\d{10}$/.test(n)) return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  return n;
}

/** True when `number` can be dialled: digits (and + - for landlines), no mask. */
export function isCallable(number: string | undefined): boolean {
  const n = String(number ?? '').replace(/\s+/g, '');
  return /^\+?[\d-]{3,20}$/.test(n) && /\d{3,}/.test(n);
}
