/** The Autodialer node's resources and their operations, one file per operation. */
import type { ResourceSpec } from '../../core/types';
import { callRecordResource } from './callRecord';
import { customerResource } from './customer';
import { jobResource } from './job';

export const autodialerResources: ResourceSpec[] = [jobResource, customerResource, callRecordResource];
