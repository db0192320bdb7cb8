// The button-only consumer app's entry (copied into the fixture app's src-button/): no tracker,
// no init. A page that only offers the contact button must not carry the tracker's code.
import { PropsWithChildren } from 'react';

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
