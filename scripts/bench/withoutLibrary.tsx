// Stands in for taro-udesk when the bench builds the demo "without the library": the same
// page, with a plain Button and a fixed value, so the difference in size is the library's.
import { Button } from '@tarojs/components';
import type { ReactNode } from 'react';

export const useUdeskSession = () => ({ sessionFrom: 'udesk||', bytes: 7, trimmed: [] as string[], errors: [] });
export const ContactButton = ({ children, className, id }: { children?: ReactNode; className?: string; id?: string }) => (
  <Button className={className} id={id} openType="contact" sessionFrom="udesk||">
    {children}
  </Button>
);
