import { buildDemo } from './buildDemo';

// The compiled-output tests run what Taro really built: build it once, before any test file.
export default function globalSetup(): void {
  if (process.env.TARO_UDESK_SKIP_DEMO_BUILD) return;
  buildDemo('weapp');
  buildDemo('h5');
}
