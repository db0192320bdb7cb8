import type { KeyboardEvent } from 'react';

/**
 * H5: Taro renders a Button as <taro-button-core>, a custom element with no role and no tab stop,
 * so a keyboard or screen-reader user cannot reach it. These props make the demo's own buttons
 * (pay, log in) buttons there (ContactButton does this itself, src/react/keyboardButton.ts):
 * role, a place in the tab order, and Enter / Space to press it (its text is its name).
 * Nothing on mini programs, whose <button> is native.
 */
export function keyboardButton(): Record<string, unknown> {
  if (process.env.TARO_ENV !== 'h5') return {};
  return {
    role: 'button',
    tabIndex: 0,
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      event.currentTarget.click();
    },
  };
}
