// The button-only consumer app's page config (copied into src-button/pages/index/).
export default definePageConfig({ navigationBarTitleText: 'Shop' });
