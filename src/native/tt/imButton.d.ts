import type { ReactElement, ReactNode } from 'react';

/** Douyin's IM button (`udesk-im-button`) for the account `imId`; `onTap` gets the tap. */
export declare function imButton(imId: string, onTap: ((event: never) => void) | undefined, children: ReactNode): ReactElement;
