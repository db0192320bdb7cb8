// Which product pictures a page may load: only http(s) URLs on the origins the operator allows
// (the server writes them into the page's `taro-udesk-image-origins` meta tag, and its CSP allows
// no other), and on this server's own (the CSP's 'self': a shop it serves, like the demo, tells no
// other host anything). Any other picture would tell its host when, and from which address, an
// agent looks.

let allowed: ReadonlySet<string> | undefined;

function allowedOrigins(): ReadonlySet<string> {
  if (allowed === undefined) {
    const listed = document.querySelector('meta[name="taro-udesk-image-origins"]')?.getAttribute('content') ?? '';
    allowed = new Set(listed.split(/\s+/).filter(Boolean));
  }
  return allowed;
}

/** The URL when the page may load it, else null (the page shows a placeholder). */
export function allowedImage(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return null;
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    return null;
  }
  return allowedOrigins().has(origin) || origin === location.origin ? value : null;
}
