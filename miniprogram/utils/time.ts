/** Beijing wall-clock `M月D日 HH:mm` of an instant (whatever the phone's zone); '' when absent or invalid. */
export function formatTime(at: string | Date | null | undefined): string {
  if (!at) return '';
  const d = new Date(new Date(at).getTime() + 8 * 3600_000);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
