// The local stand-in of Udesk's web IM page: shows the parameters its link carried, and asks the
// demo server (which holds the key) whether the signed identity checks out. Everything received
// is shown as text (textContent), never as HTML; only http(s) values become links.
(function () {
  var query = new URLSearchParams(window.location.search);
  var LABELS = { c_name: '姓名', c_email: '邮箱', c_phone: '手机', c_org: '公司' };

  function row(list, name, value, asLink) {
    var term = document.createElement('dt');
    term.textContent = name;
    var detail = document.createElement('dd');
    var url = null;
    try {
      url = asLink ? new URL(value) : null;
    } catch {
      url = null;
    }
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) {
      var link = document.createElement('a');
      link.href = url.href;
      link.rel = 'noreferrer noopener';
      link.target = '_blank';
      link.textContent = value;
      detail.appendChild(link);
    } else {
      detail.textContent = value;
    }
    list.appendChild(term);
    list.appendChild(detail);
  }

  var customer = document.getElementById('customer');
  var custom = document.getElementById('custom-fields');
  query.forEach(function (value, name) {
    if (LABELS[name]) row(customer, name + '（' + LABELS[name] + '）', value, false);
    else if (name.indexOf('c_cf_') === 0) row(custom, name, value, true);
  });
  if (!customer.children.length) row(customer, '—', '没有收到客户资料', false);
  if (!custom.children.length) row(custom, '—', '没有收到自定义字段', false);

  var state = document.getElementById('signature-state');
  var details = document.getElementById('signature');
  fetch('/demo/web-im/check' + window.location.search, { credentials: 'omit' })
    .then(function (response) { return response.json(); })
    .then(function (check) {
      var texts = { valid: '签名有效：客户身份已验证', invalid: '签名无效：以匿名访客对待', absent: '未携带签名身份：匿名访客' };
      state.textContent = texts[check.state] || check.state;
      state.className = 'state ' + check.state;
      state.setAttribute('data-state', check.state);
      if (check.web_token) row(details, 'web_token', check.web_token, false);
      if (check.algorithm) row(details, 'encryption_algorithm', check.algorithm, false);
      if (typeof check.ageMs === 'number') row(details, '签名时间', Math.round(check.ageMs / 1000) + ' 秒前', false);
      if (check.reason) row(details, '原因', check.reason, false);
    })
    .catch(function () {
      state.textContent = '无法检查签名（演示服务器没有回应）';
    });
})();
