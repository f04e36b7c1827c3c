// Copies non-TypeScript assets (SQL migrations, plain-JS workers) beside the compiled code in dist/.
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const exts = new Set(['.sql', '.json']);
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (exts.has(path.extname(entry.name)) || entry.name.endsWith('.worker.js')) {
      const rel = path.relative(root, p);
      const out = path.join(root, 'dist', rel);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(p, out);
    }
  }
}
for (const top of ['libs', 'apps']) {
  for (const pkg of fs.readdirSync(path.join(root, top))) {
    const src = path.join(root, top, pkg, 'src');
    if (fs.existsSync(src)) walk(src);
  }
}
