// Draws the demo shop's product pictures once, as small PNGs committed in demo/assets/, so the
// demo shows real images without any network: `node scripts/demo/drawProductImages.cjs`.
const { chromium } = require('playwright-core');
const path = require('path');

const SIZE = 240;
const pictures = {
  // Apple iPhone X: a dark phone with its notch, on a pale grey ground.
  iphone: `<rect width="240" height="240" fill="#eef1f5"/>
    <rect x="72" y="24" width="96" height="192" rx="18" fill="#2b2f36"/>
    <rect x="78" y="30" width="84" height="180" rx="13" fill="#5b8def"/>
    <polygon points="78,130 162,70 162,210 78,210" fill="#7aa7f5"/>
    <rect x="100" y="30" width="40" height="9" rx="4" fill="#2b2f36"/>`,
  // 牛奶A: a milk carton.
  milk: `<rect width="240" height="240" fill="#eaf6ff"/>
    <polygon points="78,70 120,40 162,70" fill="#d9e7f2"/>
    <rect x="112" y="26" width="16" height="18" fill="#b8cfe2"/>
    <rect x="78" y="70" width="84" height="140" fill="#ffffff" stroke="#b8cfe2" stroke-width="3"/>
    <rect x="78" y="112" width="84" height="46" fill="#3b82f6"/>
    <text x="120" y="144" font-family="sans-serif" font-size="26" font-weight="bold" fill="#fff" text-anchor="middle">MILK</text>
    <circle cx="98" cy="186" r="7" fill="#93c5fd"/><circle cx="120" cy="190" r="5" fill="#93c5fd"/>`,
  // 保温杯: an insulated cup.
  cup: `<rect width="240" height="240" fill="#fff4ea"/>
    <rect x="88" y="34" width="64" height="22" rx="6" fill="#7c4a2d"/>
    <rect x="84" y="56" width="72" height="150" rx="14" fill="#f97316"/>
    <rect x="84" y="96" width="72" height="14" fill="#fdba74"/>
    <rect x="96" y="66" width="8" height="120" rx="4" fill="#ffffff" fill-opacity=".45"/>`,
};

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  for (const [name, svg] of Object.entries(pictures)) {
    await page.setContent(`<body style="margin:0"><svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 240 240">${svg}</svg></body>`);
    await page.screenshot({ path: path.join(__dirname, '..', '..', 'demo', 'assets', `${name}.png`), clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  }
  await browser.close();
})();
