// The consumer app's entry (copied into the fixture apps' src/): init with an endpoint, first
// thing, as Udesk's document says.
import { PropsWithChildren } from 'react';
import { UdeskSdk } from 'taro-udesk';

UdeskSdk.init({
  appId: 'wx-consumer-fixture',
  companyToken: 'consumer-company-token',
  companyDomain: 'consumer.udesk.cn',
  endpoint: 'https://api.example.com/udesk/trajectory',
});

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
