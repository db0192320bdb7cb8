// Stands in for taro-udesk when the bench builds the demo "without the library": the same
// pages, with a plain Button, fixed values and no-op tracking, so the difference in size is
// the library's.
import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';

export const useUdeskSession = () => ({ sessionFrom: 'udesk||', bytes: 7, trimmed: [] as string[], errors: [] });
export const useUdeskTrace = () => () => true;
export const UdeskSdk = { init: () => undefined, trace: () => true };
export const ContactButton = ({ children, className, id }: { children?: ReactNode; className?: string; id?: string }) => (
  <Button className={className} id={id} openType="contact" sessionFrom="udesk||">
    {children}
  </Button>
);
