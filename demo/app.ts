import { PropsWithChildren } from 'react';
import { UdeskSdk } from 'taro-udesk';
import { restoreLogin } from './account';
import './app.css';

// The trajectory server (npm run demo): on H5 the page's own origin, which serves the H5 build too;
// on WeChat the address the build was given. Its origin is also the base of the agent's page
// links (`<trajectoryUrl>/t/<visitor id>`). A regular expression, as WeChat has no URL class.
const endpoint = process.env.TARO_ENV === 'h5'
  ? `${window.location.origin}/v1/batch`
  : process.env.UDESK_ENDPOINT || 'http://127.0.0.1:4318/v1/batch';
const trajectoryUrl = endpoint.replace(/^(https?:\/\/[^/?#]+).*$/, '$1');

// As Udesk's document says: initialise first thing in the app.
UdeskSdk.init({
  appId: 'wx-taro-udesk-demo',
  companyToken: 'demo-company-token',
  companyDomain: 'demo.udesk.cn',
  endpoint,
  trajectoryUrl,
  onError: (e) => console.warn('[demo] udesk:', e.message),
});
restoreLogin();

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
