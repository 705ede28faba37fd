import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ImportError } from './errors.ts';
import { parseNoticeFile } from './parse-file.ts';
import { formatSummary } from './summary.ts';
import type { ParsedNotice, ParseOptions } from './types.ts';

const USAGE = `用法：npm run import -- [--dry-run] [--json] [--update-published] [--doc-no 文号] [--title 标题] [--issued-at YYYY-MM-DD] 文件

导入一份项目计划通知（发布的通知全文、只有项目表的 TSV，或 Excel 工作簿 .xlsx），核对表中金额后存入数据库。
文件类型按内容识别，与扩展名无关。

  --dry-run              只解析和核对，不写入数据库
  --update-published     允许重新导入改变已发布批次的计划（默认拒绝）
  --json                 在标准输出只打印一个 JSON 文档（解析结果）
  --doc-no 文号          批次文号，例如 舟数管发〔2022〕4号
  --title 标题           通知标题
  --issued-at 日期       印发日期，格式 YYYY-MM-DD
  -h, --help             显示本说明

文件中有通知头部时，以上三项从头部读取，命令行给出的值优先；只有表格的 TSV 或工作簿必须给出这三项。`;

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'update-published': { type: 'boolean' },
  json: { type: 'boolean' },
  'doc-no': { type: 'string' },
  title: { type: 'string' },
  'issued-at': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Exit code of invalid input and usage errors. */
const EXIT_INVALID = 2;

interface CliRequest {
  file: string;
  dryRun: boolean;
  updatePublished: boolean;
  json: boolean;
  options: ParseOptions;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let request: CliRequest | 'help';
  try {
    request = readArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return EXIT_INVALID;
  }

  if (request === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let parsed: ParsedNotice;
  try {
    parsed = await parseNoticeFile(readFileSync(request.file), request.options);
  } catch (error) {
    const message = describeInputError(error, request.file);
    if (message === null) throw error;
    process.stderr.write(`导入失败：${message}\n`);
    return EXIT_INVALID;
  }

  const status = request.dryRun ? '试运行（--dry-run）：没有写入数据库。' : await save(parsed, request.updatePublished);
  if (typeof status === 'number') return status;

  // With --json only the JSON document goes to stdout, so the status line goes to stderr.
  if (request.json) {
    process.stdout.write(`${JSON.stringify(parsed, null, 2)}\n`);
    process.stderr.write(`${status}\n`);
  } else {
    process.stdout.write(`${formatSummary(parsed)}\n${status}\n`);
  }
  return 0;
}

/** Saves the notice and returns the Chinese status line, or the exit code after printing why saving failed. */
async function save(parsed: ParsedNotice, updatePublished: boolean): Promise<string | number> {
  // Loaded only when saving, so that --dry-run does not load mongoose or start a database.
  const { PublishedBatchChangeError, saveParsedNotice } = await import('./save.ts');
  const { openDatabase } = await import('../db/connect.ts');
  const { loadConfig } = await import('../config.ts');

  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase(loadConfig());
    const result = await saveParsedNotice(parsed, { allowPublishedChanges: updatePublished });
    const action = result.created ? '新建' : '更新';
    const removed = result.removedProjects > 0 ? `，删除了表中已没有的 ${result.removedProjects} 个项目` : '';
    const linked = result.linkedProjects > 0 ? `，${result.linkedProjects} 个历年项目已关联往年批次中的记录` : '';
    return `已保存：${action}批次 ${result.batchId}，共 ${result.projectCount} 个项目${removed}${linked}。`;
  } catch (error) {
    process.stderr.write(`保存失败：${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof PublishedBatchChangeError ? EXIT_INVALID : 1;
  } finally {
    await database?.close();
  }
}

function readArguments(argv: string[]): CliRequest | 'help' {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });

  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.entries(OPTIONS).find(([name]) => name === token.name)?.[1];
    if (option === undefined) throw new UsageError(`未知选项：${token.rawName}`);
    if (option.type === 'string' && token.value === undefined) throw new UsageError(`选项 ${token.rawName} 需要一个值`);
    if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(`选项 ${token.rawName} 不带值`);
  }

  if (values.help === true) return 'help';
  if (positionals.length === 0) throw new UsageError('缺少要导入的文件');
  if (positionals.length > 1) throw new UsageError(`一次只能导入一个文件，收到了 ${positionals.length} 个：${positionals.join(' ')}`);

  const options: ParseOptions = {};
  if (typeof values['doc-no'] === 'string') options.docNo = values['doc-no'];
  if (typeof values.title === 'string') options.title = values.title;
  if (typeof values['issued-at'] === 'string') options.issuedAt = values['issued-at'];

  return {
    file: positionals[0] ?? '',
    dryRun: values['dry-run'] === true,
    updatePublished: values['update-published'] === true,
    json: values.json === true,
    options,
  };
}

/** Returns the Chinese message for an unreadable or invalid file, or null for any other error. */
function describeInputError(error: unknown, file: string): string | null {
  if (error instanceof ImportError) return error.message;
  if (!(error instanceof Error) || !('code' in error)) return null;

  if (error.code === 'ENOENT') return `找不到文件 ${file}`;
  if (error.code === 'EISDIR') return `${file} 是目录，请给出文件`;
  if (error.code === 'EACCES') return `没有读取 ${file} 的权限`;
  return null;
}

process.exitCode = await main(process.argv.slice(2));
