export default definePageConfig({ navigationBarTitleText: '优选小店' });
