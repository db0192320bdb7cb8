// Stands in for taro-udesk when the consumer app is built "without the library": the same
// page with a plain contact Button and no-op tracking, so the size difference is the library's.
import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';

export const useUdeskTrace = (_type?: string, _data?: unknown) => () => true;
export const UdeskSdk = { init: (_config?: unknown) => undefined, trace: () => true };
export const ContactButton = ({ children, id }: { children?: ReactNode; id?: string; [prop: string]: unknown }) => (
  <Button id={id} openType="contact" sessionFrom="udesk|jack|">
    {children}
  </Button>
);
