import type { KeyboardEvent } from 'react';

/**
 * H5: Taro renders a Button as <taro-button-core>, a custom element with no role and no tab stop,
 * so a keyboard or screen-reader user could not reach the contact button. These props make it a
 * button there: its role, a place in the tab order, and Enter / Space to press it (its text, or
 * an `aria-label` passed through, is its name). Props given by the app come after and win.
 */
export const keyboardButton = {
  role: 'button',
  tabIndex: 0,
  onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.currentTarget.click();
  },
};
