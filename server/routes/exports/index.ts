// The plan table in and out of the product as files: the batch's workbook for download, and the
// console's import of a notice file (preview, then save).
import Router from '@koa/router';
import mongoose from 'mongoose';
import { conflict, HttpError, notFound } from '../../errors.ts';
import { loadPlanExport } from '../../exports/plan-data.ts';
import { planWorkbookFileName, writePlanWorkbook, XLSX_CONTENT_TYPE } from '../../exports/plan-workbook.ts';
import { ImportError } from '../../importer/errors.ts';
import { parseNoticeFile } from '../../importer/parse-file.ts';
import { PublishedBatchChangeError, reimportChanges, saveParsedNotice } from '../../importer/save.ts';
import type { ParsedNotice, ParseOptions } from '../../importer/types.ts';
import { logger } from '../../log.ts';
import { Batch } from '../../models/batch.ts';
import { authorize, permits } from '../../policies/index.ts';
import { input, parseInput, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import { batchParams } from '../batches/schema.ts';
import { contentDisposition } from '../files/index.ts';
import { drainOnError } from '../upload.ts';
import type { ImportPreviewResponse, ImportResponse } from './responses.ts';
import { importFields, previewFields } from './schema.ts';
import { receiveNoticeFile } from './upload.ts';

const log = logger('import');

/** Parses an uploaded notice; invalid input becomes a 400 whose message names the line or row and column. */
async function parseUpload(bytes: Buffer, options: ParseOptions): Promise<ParsedNotice> {
  try {
    return await parseNoticeFile(bytes, options);
  } catch (error) {
    if (error instanceof ImportError) throw new HttpError(400, 'invalid_import', error.message, 'file');
    throw error;
  }
}

function publishedChangeConflict(error: PublishedBatchChangeError): HttpError {
  return conflict(
    `批次 ${error.docNo} 已发布，重新导入会改变序号 ${error.changedSeqs.join('、')} 的计划内容。` +
      '各单位已收到原计划；如确需更新，请选择“允许更新已发布批次”（updatePublished）后重新导入，并另行通知相关单位',
  );
}

export function planFilesRouter(): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/batches/:id/export.xlsx', validate('params', batchParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'batch.export');
    const plan = await loadPlanExport(new mongoose.Types.ObjectId(input(ctx, 'params', batchParams).id), {
      classifiedAmounts: permits(viewer, 'report.readClassified'),
    });
    if (plan === null) throw notFound('找不到该批次');

    const bytes = await writePlanWorkbook(plan);
    ctx.set('Content-Disposition', contentDisposition('attachment', planWorkbookFileName(plan.batch.docNo)));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = XLSX_CONTENT_TYPE;
    ctx.body = bytes;
  });

  router.post('/imports/preview', drainOnError, async (ctx) => {
    authorize(ctx.state.viewer, 'batch.importPreview');
    const upload = await receiveNoticeFile(ctx);
    const options = parseInput(previewFields, upload.fields);

    const notice = await parseUpload(upload.bytes, options);
    const existing = await Batch.findOne({ docNo: notice.batch.docNo }, { status: 1 }).lean();

    const body: ImportPreviewResponse = {
      fileName: upload.name,
      notice,
      existingBatch:
        existing === null ? null : { id: existing._id.toString(), status: existing.status, ...(await reimportChanges(existing._id, notice)) },
    };
    ctx.body = body;
  });

  router.post('/imports', drainOnError, async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'batch.import');
    const upload = await receiveNoticeFile(ctx);
    const { updatePublished, ...options } = parseInput(importFields, upload.fields);

    const notice = await parseUpload(upload.bytes, options);
    let result;
    try {
      result = await saveParsedNotice(notice, { actor: actorOf(ctx, viewer), allowPublishedChanges: updatePublished });
    } catch (error) {
      if (error instanceof PublishedBatchChangeError) throw publishedChangeConflict(error);
      throw error;
    }
    log.info(
      { requestId: ctx.state.requestId, user: viewer.userId, file: upload.name, docNo: notice.batch.docNo, batchId: result.batchId, changedSeqs: result.changedSeqs },
      result.created ? 'notice imported' : 'notice re-imported',
    );

    ctx.status = result.created ? 201 : 200;
    const body: ImportResponse = { ...result, docNo: notice.batch.docNo, findings: notice.findings };
    ctx.body = body;
  });

  return router;
}
