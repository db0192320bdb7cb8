// What ContactButton renders on Douyin: the package's native `udesk-im-button` (beside this
// file), which binds Douyin's `<button open-type="im" data-im-id>`. Taro writes a native
// component's template from the props it finds at `createElement` calls whose tag is a string,
// in modules webpack parses as plain JavaScript ("javascript/auto"). The library's bundle is
// .mjs, which webpack parses as strict ESM and Taro never reads, so this call is a CommonJS file
// of its own, in a folder whose package.json sets no "type". Nothing runs on import. The prop is
// written as the attribute (`im-id`, as Taro's and Douyin's docs write a native component's
// attributes); Taro hands it to the component as its `imId` property.
var React = require('react');

exports.imButton = function imButton(imId, onTap, children) {
  return React.createElement('udesk-im-button', { 'im-id': imId, onTap: onTap }, children);
};
