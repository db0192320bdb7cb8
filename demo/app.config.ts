export default defineAppConfig({
  pages: ['pages/index/index', 'pages/product/index', 'pages/order/index', 'pages/contact/index', 'pages/login/index'],
  // navigationStyle 'default': on H5 Taro then shows its own navigation bar, with a back button.
  window: {
    navigationStyle: 'default',
    navigationBarTitleText: '优选小店',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
});
