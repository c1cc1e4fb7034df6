// Writes the QR reference fixtures with the npm package `qrcode` (an independent encoder): byte mode, level M.
// Usage: npm install qrcode@1.5.4 && node generate.js <output folder>
const QRCode = require('qrcode');
const Penalty = require('qrcode/lib/core/mask-pattern');
const fs = require('fs');
const out = process.argv[2];

// Full byte-mode capacity at level M of versions 1-15 (ISO/IEC 18004 Table 7): the boundary of each version.
const capacity = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412];
const tail = (n) => Array.from({ length: n }, (_, i) => '0123456789abcdefghijklmnopqrstuvwxyz'[(i * 7 + 3) % 36]).join('');
const base = 'https://badges.example.org/c/';
const cases = [
  ['hello-world', 'HELLO WORLD', 'all'],
  ['example-org', 'https://example.org', 'chosen'],
  ['short-url', 'https://badges.example.org/credentials/01JD8X3K9Q2W7E5R4T6Y8U0I1O', 'all'],
  ['utf8', 'Hello, world! Ünïcödé', 'chosen'],
  ['long-url', 'https://badges.riverside-district.example.org/credentials/' + 'a1b2c3d4e5'.repeat(17) + '?ref=share', 'chosen'],
  ...capacity.map((bytes, i) => [`v${String(i + 1).padStart(2, '0')}-full`, (base + tail(bytes)).slice(0, bytes), 'chosen']),
];

for (const [name, text, which] of cases) {
  const segments = [{ data: text, mode: 'byte' }];
  const chosen = QRCode.create(segments, { errorCorrectionLevel: 'M' }).maskPattern;
  for (const mask of which === 'all' ? [0, 1, 2, 3, 4, 5, 6, 7] : [chosen]) {
    const qr = QRCode.create(segments, { errorCorrectionLevel: 'M', maskPattern: mask });
    const m = qr.modules;
    const penalty = [Penalty.getPenaltyN1(m), Penalty.getPenaltyN2(m), Penalty.getPenaltyN3(m), Penalty.getPenaltyN4(m)];
    const rows = [];
    for (let y = 0; y < m.size; y++) {
      let row = '';
      for (let x = 0; x < m.size; x++) row += m.get(y, x) ? '1' : '0';
      rows.push(row);
    }
    const header = [
      `text ${JSON.stringify(text)}`,
      `version ${qr.version}`,
      `mask ${mask} ${mask === chosen ? 'chosen' : 'forced'}`,
      `penalty ${penalty.join(' ')}`,
    ];
    const file = which === 'all' ? `${name}.mask${mask}.txt` : `${name}.txt`;
    fs.writeFileSync(`${out}/${file}`, header.concat(rows).join('\n') + '\n');
  }
}
