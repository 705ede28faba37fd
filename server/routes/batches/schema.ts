import { z } from 'zod';
import { objectId } from '../../validate.ts';

export const batchParams = z.object({ id: objectId });
