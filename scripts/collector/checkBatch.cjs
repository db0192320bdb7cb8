// The shape a batch must have (docs/protocol.md); the first problem found, or null.
const TYPES = ['product', 'order'];
const MAX_EVENTS = 500;
const MAX_EVENT_BYTES = 64 * 1024;

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @returns {string | null} */
function checkBatch(body) {
  if (!isObject(body)) return 'the body must be a JSON object';
  if (body.v !== 1 && body.v !== 2) return 'v must be 1 or 2';
  if (typeof body.appId !== 'string' || !body.appId) return 'appId must be a non-empty string';
  if (typeof body.sentAt !== 'number') return 'sentAt must be a number (ms since the epoch)';
  if (!Array.isArray(body.events)) return 'events must be an array';
  if (body.events.length > MAX_EVENTS) return `at most ${MAX_EVENTS} events in a batch`;
  for (let i = 0; i < body.events.length; i++) {
    const e = body.events[i];
    const at = `events[${i}]`;
    if (!isObject(e)) return `${at} must be an object`;
    if (typeof e.id !== 'string' || !e.id) return `${at}.id must be a non-empty string`;
    if (typeof e.session !== 'string' || !e.session) return `${at}.session must be a non-empty string`;
    if (!Number.isInteger(e.seq) || e.seq < 1) return `${at}.seq must be a whole number from 1`;
    if (!TYPES.includes(e.type)) return `${at}.type must be product or order`;
    if (typeof e.at !== 'number') return `${at}.at must be a number (ms since the epoch)`;
    if (!isObject(e.data)) return `${at}.data must be an object`;
    // v2: the visitor (kept across launches) and, once identified, the customer.
    if (body.v === 2 && (typeof e.visitor !== 'string' || !e.visitor || e.visitor.length > 256)) return `${at}.visitor must be a string of 1 to 256 characters`;
    if (e.customer !== undefined && !isObject(e.customer)) return `${at}.customer must be an object`;
    if (Buffer.byteLength(JSON.stringify(e.data)) > MAX_EVENT_BYTES) return `${at}.data is over ${MAX_EVENT_BYTES} bytes`;
  }
  return null;
}

module.exports = { checkBatch, MAX_EVENTS, MAX_EVENT_BYTES };
