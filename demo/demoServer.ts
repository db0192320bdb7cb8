// The demo server (npm run demo): on H5 the page's own origin, which serves the H5 build too;
// on WeChat the address the build was given. It takes the tracker's batches, serves the agent's
// page links (`<trajectoryUrl>/t/<visitor id>`), and is the shop's backend for the demo login.
// A regular expression, as WeChat has no URL class.
export const endpoint = process.env.TARO_ENV === 'h5'
  ? `${window.location.origin}/v1/batch`
  : process.env.UDESK_ENDPOINT || 'http://127.0.0.1:4318/v1/batch';
export const demoServerOrigin = endpoint.replace(/^(https?:\/\/[^/?#]+).*$/, '$1');
