import { z } from 'zod';
import { objectId } from '../../validate.ts';

export const projectParams = z.object({ id: objectId });
