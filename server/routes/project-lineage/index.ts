// A project's entries across batches: the history shown to every reader of the project, and the
// admin's manual link to an earlier entry when the import's name match failed.
import Router from '@koa/router';
import mongoose from 'mongoose';
import { notFound } from '../../errors.ts';
import { Project } from '../../models/project.ts';
import { authorize } from '../../policies/index.ts';
import type { LinkCandidateView, ProjectHistoryView } from '../../queries/project-history.ts';
import { findLinkCandidates, loadProjectHistory } from '../../queries/project-history.ts';
import { findProjectFor } from '../../queries/scoped.ts';
import { linkProject } from '../../services/link-project.ts';
import { input, validate } from '../../validate.ts';
import { actorOf } from '../actor.ts';
import { lineageParams, linkCandidatesQuery, previousProjectBody } from './schema.ts';

export function projectLineageRouter(): Router {
  const router = new Router({ prefix: '/api/projects/:id' });

  router.get('/history', validate('params', lineageParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'project.history');
    const project = await findProjectFor(viewer, input(ctx, 'params', lineageParams).id);

    const body: ProjectHistoryView = await loadProjectHistory(viewer, project);
    ctx.body = body;
  });

  router.get('/link-candidates', validate('params', lineageParams), validate('query', linkCandidatesQuery), async (ctx) => {
    authorize(ctx.state.viewer, 'project.link');
    const project = await Project.findById(input(ctx, 'params', lineageParams).id).lean();
    if (project === null) throw notFound('找不到该项目');
    const { q, limit } = input(ctx, 'query', linkCandidatesQuery);

    const body: LinkCandidateView[] = await findLinkCandidates(project, q, limit);
    ctx.body = body;
  });

  router.put('/previous', validate('params', lineageParams), validate('body', previousProjectBody), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'project.link');
    const { id } = input(ctx, 'params', lineageParams);
    const { previousProjectId } = input(ctx, 'body', previousProjectBody);

    await linkProject({ projectId: new mongoose.Types.ObjectId(id), previousProjectId: new mongoose.Types.ObjectId(previousProjectId), actor: actorOf(ctx, viewer) });
    const body: ProjectHistoryView = await loadProjectHistory(viewer, (await Project.findById(id).lean())!);
    ctx.body = body;
  });

  router.delete('/previous', validate('params', lineageParams), async (ctx) => {
    const viewer = authorize(ctx.state.viewer, 'project.link');
    const { id } = input(ctx, 'params', lineageParams);

    await linkProject({ projectId: new mongoose.Types.ObjectId(id), previousProjectId: null, actor: actorOf(ctx, viewer) });
    const body: ProjectHistoryView = await loadProjectHistory(viewer, (await Project.findById(id).lean())!);
    ctx.body = body;
  });

  return router;
}
