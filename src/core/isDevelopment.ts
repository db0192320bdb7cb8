declare const process: { env: { NODE_ENV?: string } };

/**
 * False in production builds. It is the bare `process.env.NODE_ENV` test that bundlers (Taro's
 * webpack, esbuild, Vite) replace with a constant, so what sits behind `DEV &&` or `DEV ? … : …`
 * (long explanations, warnings) is dropped from production bundles, as React does. Node has
 * `process`; the native build defines it.
 */
export const DEV = process.env.NODE_ENV !== 'production';
