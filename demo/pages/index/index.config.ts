export default definePageConfig({ navigationBarTitleText: 'session-from' });
