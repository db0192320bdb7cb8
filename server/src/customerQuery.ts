// Which customer or visitor an admin route means, from the identifier the caller has (issue 19,
// item 4): `customer_token=`, `unionid=` or `openid=` (and `customer=` as a customer_token), made
// into the store's customer key as validateEvent makes it. A value no event could ever carry is
// refused with the rule it breaks, never answered with a silent empty list.
import { MAX_ID_LENGTH } from './validateEvent';
import { unstorableStringReason } from './store/storableText';

/** A query the route cannot answer as asked: 400 with this message. */
export class QueryError extends Error {}

/** The query parameter for each kind of customer identifier, and its store key's prefix. */
const CUSTOMER_PARAMETERS = [['customer_token', 'token'], ['customer', 'token'], ['unionid', 'unionid'], ['openid', 'openid']] as const;
const KEY_PREFIX = /^(token|unionid|openid):/;

/** A parameter given once, or undefined; given twice is ambiguous, so refused. */
export function singleParameter(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw new QueryError(`${name} is given ${values.length} times: give it once`);
  return values[0];
}

/** An identifier as events carry it: 1 to MAX_ID_LENGTH characters PostgreSQL can store. */
export function identifierParameter(query: URLSearchParams, name: string): string | undefined {
  const value = singleParameter(query, name);
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new QueryError(`${name} must be 1 to ${MAX_ID_LENGTH} characters: no stored event has another`);
  }
  const unstorable = unstorableStringReason(value);
  if (unstorable !== null) throw new QueryError(`${name} ${unstorable}`);
  return value;
}

/** Refuses parameters the route does not know (a misspelt filter would otherwise filter nothing). */
export function checkParameters(query: URLSearchParams, known: readonly string[]): void {
  for (const name of new Set(query.keys())) {
    if (!known.includes(name)) throw new QueryError(`unknown parameter ${name}: this route takes ${known.join(', ')}`);
  }
}

export const CUSTOMER_PARAMETER_NAMES = CUSTOMER_PARAMETERS.map(([name]) => name);

/** The store's customer key (`token:…`, `unionid:…`, `openid:…`) the query names, if any; at most one may be given. */
export function customerKeyFromQuery(query: URLSearchParams): string | undefined {
  const given = CUSTOMER_PARAMETERS.filter(([name]) => query.has(name));
  if (given.length > 1) {
    throw new QueryError(`give one of ${CUSTOMER_PARAMETER_NAMES.join(', ')}, not ${given.map(([name]) => name).join(' and ')}`);
  }
  if (given.length === 0) return undefined;
  const [name, prefix] = given[0];
  const value = identifierParameter(query, name) as string;
  // `customer=` once took the store's key: `customer=token:c-1` now means the token `token:c-1`,
  // which would quietly match nothing where it used to match. Said, not guessed.
  if (name === 'customer' && KEY_PREFIX.test(value)) {
    const [whole, kind] = KEY_PREFIX.exec(value) as RegExpExecArray;
    const parameter = kind === 'token' ? 'customer_token' : kind;
    throw new QueryError(`customer takes the customer_token itself, not a store key: write ${parameter}=${encodeURIComponent(value.slice(whole.length))}`);
  }
  return `${prefix}:${value}`;
}
