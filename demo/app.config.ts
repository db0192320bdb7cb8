export default defineAppConfig({
  pages: ['pages/index/index'],
  window: { navigationBarTitleText: 'taro-udesk demo', navigationBarBackgroundColor: '#ffffff', navigationBarTextStyle: 'black' },
});
