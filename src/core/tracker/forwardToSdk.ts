import { describeThrown } from './createReporter';
import type { OfficialUdeskSdk } from './checkConfig';
import type { QueuedEvent } from './types';

/**
 * `sdk` delivery: Udesk's own module is initialised, then given each event traced before and
 * after. What it throws is reported, one event at a time, so one failure loses no other event.
 */
export function startSdkDelivery(
  sdk: OfficialUdeskSdk,
  ids: { appId: string; companyToken: string; companyDomain: string },
  early: QueuedEvent[],
  report: (message: string) => void,
): (type: string, data: unknown) => void {
  const forward = (type: string, data: unknown) => {
    try {
      sdk.trace(type, data);
    } catch (e) {
      report(`ud-sdk's trace threw: ${describeThrown(e)}`);
    }
  };
  try {
    sdk.init({ appId: ids.appId, companyToken: ids.companyToken, companyDomain: ids.companyDomain });
  } catch (e) {
    report(`ud-sdk's init threw: ${describeThrown(e)}`);
  }
  for (const e of early) forward(e.type, e.data);
  return forward;
}
