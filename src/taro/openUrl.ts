/** H5: opens a link in a new tab, or in this one where a blocker refuses the new tab. */
export function openUrl(url: string): void {
  const opened = typeof window.open === 'function' ? window.open(url, '_blank') : null;
  if (!opened) window.location.href = url;
}
