// The consumer page's config (copied into the fixture apps' src/pages/index/): on Douyin the
// contact button is the package's native component, declared where the page uses it.
export default definePageConfig({
  navigationBarTitleText: 'Shop',
  usingComponents: process.env.TARO_ENV === 'tt' ? { 'udesk-im-button': 'taro-udesk/dist/native/tt/udesk-im-button/index' } : {},
});
