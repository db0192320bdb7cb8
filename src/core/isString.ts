export const isString = (v: unknown): v is string => typeof v === 'string';
