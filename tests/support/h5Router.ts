// Driving Taro's H5 router from a test the way a user would: one step at a time, each only once
// the previous navigation is over. Taro hides the page a navigation left behind 350 ms later (its
// animation, @tarojs/router's PageHandler.hide); a back or a tap while that timer is pending
// re-shows a page the timer then hides for good (the race behind issues 12 and 20). The router's
// own signal that a navigation is over: the page on top is `taro_page_stationed`, and every other
// page is `taro_page_shade` (hidden), so no hide is pending.
import type { Page } from 'playwright-core';

/** Resolves once Taro's router has finished the last navigation (at most `ms`). */
export async function routerSettled(page: Page, ms = 15_000): Promise<void> {
  await page.waitForFunction(() => {
    const pages = Array.from(document.querySelectorAll('.taro_router > .taro_page'));
    const shown = pages.filter((element) => !element.classList.contains('taro_page_shade'));
    return shown.length === 1 && shown[0].classList.contains('taro_page_stationed');
  }, undefined, { timeout: ms, polling: 50 });
}

/** The element matching `selector` on the page on top (Taro keeps earlier pages in the DOM, hidden). */
export const onTop = (page: Page, selector: string) => page.locator(`${selector} >> visible=true`);

/** Taps `selector` on the page on top once the router is settled, as a user would. */
export async function tap(page: Page, selector: string): Promise<void> {
  await routerSettled(page);
  await onTop(page, selector).click();
}

/** Taro's own back (its H5 navigation bar's button: the router's navigateBack), once settled. */
export async function back(page: Page): Promise<void> {
  await routerSettled(page);
  await onTop(page, '.taro-navigation-bar-back').click();
  await routerSettled(page);
}
