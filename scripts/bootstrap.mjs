// Prepares a fresh clone for `npm start`, `npm test` and `npm run import` using only Node's
// standard library, because it runs before the npm packages exist.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'deps';

function say(message) {
  process.stderr.write(`[准备] ${message}\n`);
}

function run(command, args, stdout = 'inherit') {
  execFileSync(command, args, { cwd: root, stdio: ['ignore', stdout, 'inherit'] });
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function ensurePackages() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('安装 npm 依赖（npm ci）…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=warn']);
}

function ensureMiniappBuild() {
  const built = join(root, 'miniapp', 'dist', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(root, 'miniapp'))) return;
  say('构建微应用（vite build）…');
  run(join(root, 'node_modules', '.bin', 'vite'), ['build', 'miniapp', '--logLevel', 'warn']);
}

function ensureMongodBinary() {
  if (process.env.MONGODB_URI) return;
  // The script prints the binary's path, which only matters to callers that read it.
  run(join(root, 'node_modules', '.bin', 'tsx'), ['server/db/mongod-binary.ts'], 'ignore');
}

function hasCjkFont() {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium) && hasCjkFont()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    say(`未找到浏览器 ${chromium}：请先执行 sudo apt-get install -y chromium fonts-noto-cjk`);
    process.exit(1);
  }
  say('安装 Debian 的 Chromium 与中文字体（apt-get）…');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk']);
}

ensurePackages();
if (mode === 'start') {
  ensureMongodBinary();
  ensureMiniappBuild();
}
if (mode === 'test') {
  ensureMongodBinary();
  ensureChromium();
}
