export default defineAppConfig({
  pages: ['pages/index/index', 'pages/contact/index'],
  window: { navigationBarTitleText: 'taro-udesk demo', navigationBarBackgroundColor: '#ffffff', navigationBarTextStyle: 'black' },
});
