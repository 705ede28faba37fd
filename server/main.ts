import { loadConfig } from './config.ts';
import { startProduct } from './start.ts';

const config = loadConfig();
const product = await startProduct(config);

const lines = [
  '',
  '进度通已启动',
  `  微应用（在浏览器中打开）：${product.url}/app/`,
  ...(product.simulatorUrl === undefined ? [] : [`  钉钉模拟器（查看发出的消息）：${product.simulatorUrl}/`]),
  '  按 Ctrl+C 停止',
  '',
];
process.stdout.write(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('正在停止进度通…\n');
    product.stop().then(
      () => {
        process.stdout.write('进度通已停止\n');
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}
