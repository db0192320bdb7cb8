// PostgreSQL may abort one of two transactions that wait on each other (deadlock, 40P01) or on a
// serialization conflict (40001); both are safe to run again. Only the PostgreSQL store with
// several writers can meet them; a group commit's statement is all-or-nothing, so a retry stores
// each event once.
const TRANSIENT_CODES = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

export async function retryTransient<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !TRANSIENT_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt * Math.random()));
    }
  }
}
