/**
 * Shows an identifier without revealing it whole, e.g. an openid `oAbc…wxyz`.
 * Short values keep only their first character.
 */
export function maskId(value: string, head = 4, tail = 4): string {
  if (!value) return '';
  if (value.length <= head + tail) return `${value.slice(0, 1)}${'*'.repeat(Math.max(value.length - 1, 0))}`;
  return `${value.slice(0, head)}…${value.slice(-tail)}`;
}
