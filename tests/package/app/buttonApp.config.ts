// The button-only consumer app's config (copied into the fixture app's src-button/).
export default defineAppConfig({ pages: ['pages/index/index'] });
