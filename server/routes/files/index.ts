import Router from '@koa/router';
import mongoose from 'mongoose';
import { forbidden, unprocessable } from '../../errors.ts';
import { evidenceBucket } from '../../models/evidence-file.ts';
import { Project } from '../../models/project.ts';
import { authorize } from '../../policies/index.ts';
import { presentEvidenceFile, type EvidenceFileView } from '../../presenters/report.ts';
import { findEvidenceFileFor, findProjectFor } from '../../queries/scoped.ts';
import { classifiedUploadRefusal, storeEvidenceFile } from '../../services/store-evidence-file.ts';
import { input, parseInput, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import { downloadQuery, fileParams, projectParams, uploadFields } from './schema.ts';
import { drainOnError } from '../upload.ts';
import { receiveEvidenceFile } from './upload.ts';

/**
 * Content-Disposition with the original name: `filename*` carries it in UTF-8 (RFC 5987) and
 * `filename` an ASCII stand-in for clients that read only that.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function filesRouter(): Router {
  const router = new Router({ prefix: '/api' });

  router.post('/projects/:id/files', drainOnError, validate('params', projectParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'file.upload');
    // Refusals come before reading the body, so a refused file is never held in memory.
    const project = await findProjectFor(viewer, input(ctx, 'params', projectParams).id);
    if (project.classified) throw unprocessable(classifiedUploadRefusal, 'file');

    const upload = await receiveEvidenceFile(ctx);
    const { item } = parseInput(uploadFields, upload.fields);
    const file = await storeEvidenceFile({ project, viewer, actor: actorOf(ctx, viewer), name: upload.name, bytes: upload.bytes, item });

    ctx.status = 201;
    const body: EvidenceFileView = presentEvidenceFile(file);
    ctx.body = body;
  });

  router.get('/files/:id', validate('params', fileParams), validate('query', downloadQuery), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'file.read');
    const file = await findEvidenceFileFor(viewer, input(ctx, 'params', fileParams).id);
    const project = await Project.findById(file.metadata.projectId, { classified: 1 }).lean();
    // Classified projects take no uploads; a file from before a project became classified stays inside.
    if (project === null || project.classified) throw forbidden('涉密项目的附件不提供下载');

    const preview = input(ctx, 'query', downloadQuery).preview === '1' && file.metadata.contentType.startsWith('image/');
    ctx.set('Content-Disposition', contentDisposition(preview ? 'inline' : 'attachment', file.metadata.originalName));
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.type = file.metadata.contentType;
    ctx.length = file.length;
    ctx.body = evidenceBucket().openDownloadStream(new mongoose.Types.ObjectId(file._id));
  });

  return router;
}
