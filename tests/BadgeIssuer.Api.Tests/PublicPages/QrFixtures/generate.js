const QRCode = require('qrcode');
const fs = require('fs');
const out = process.argv[2];
const cases = [
  ['short-url', 'https://badges.example.org/credentials/01JD8X3K9Q2W7E5R4T6Y8U0I1O', [0,1,2,3,4,5,6,7]],
  ['hello', 'Hello, world! Ünïcödé', [2, 5]],
  ['long-url', 'https://badges.riverside-district.example.org/credentials/' + 'a1b2c3d4e5'.repeat(17) + '?ref=share', [6]],
];
for (const [name, text, masks] of cases) {
  for (const mask of masks) {
    const qr = QRCode.create([{ data: text, mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: mask });
    const size = qr.modules.size, rows = [];
    for (let y = 0; y < size; y++) { let r = ''; for (let x = 0; x < size; x++) r += qr.modules.get(y, x) ? '1' : '0'; rows.push(r); }
    fs.writeFileSync(`${out}/${name}.mask${mask}.txt`, JSON.stringify(text) + '\n' + `version ${qr.version}\n` + rows.join('\n') + '\n');
  }
}
