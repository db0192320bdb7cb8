export default definePageConfig({ navigationBarTitleText: 'taro-udesk demo' });
