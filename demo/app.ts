import { PropsWithChildren } from 'react';
import { UdeskSdk } from 'taro-udesk';
import { restoreLogin } from './account';
import { demoServerOrigin, endpoint } from './demoServer';
import './app.css';

// As Udesk's document says: initialise first thing in the app.
UdeskSdk.init({
  appId: 'wx-taro-udesk-demo',
  companyToken: 'demo-company-token',
  companyDomain: 'demo.udesk.cn',
  endpoint,
  // The trajectory server's origin is also the base of the agent's page links.
  trajectoryUrl: demoServerOrigin,
  onError: (e) => console.warn('[demo] udesk:', e.message),
});
restoreLogin();

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
