/** The Byrobot node's resources and their operations, one file per operation. */
import type { ResourceSpec } from '../../core/types';
import { callResource } from './call';
import { callRecordResource } from './callRecord';
import { companyResource } from './company';
import { customerResource } from './customer';
import { taskResource } from './task';

export const byrobotResources: ResourceSpec[] = [taskResource, customerResource, callResource, callRecordResource, companyResource];
