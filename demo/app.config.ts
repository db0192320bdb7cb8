export default defineAppConfig({
  pages: ['pages/index/index', 'pages/product/index', 'pages/order/index', 'pages/contact/index'],
  window: { navigationBarTitleText: 'taro-udesk demo', navigationBarBackgroundColor: '#ffffff', navigationBarTextStyle: 'black' },
});
